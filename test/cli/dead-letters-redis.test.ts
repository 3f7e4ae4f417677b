// `regal-braze dead-letters --redis-url` as a process, on dead letters a Redis queue holds:
// list --json shows each with its reason; replay re-queues them in the same Redis.
import { expect, it } from 'vitest';
import { redisQueue } from '../../src/index.js';
import { newEntry } from '../../src/webhook/queue/queue.js';
import { runCli } from '../support/cli.js';
import { describeWithRedis } from '../support/redis.js';

/** A Redis database of this file's own: the CLI uses the default bridge group. */
const DB = 9;

describeWithRedis('regal-braze dead-letters --redis-url', (base) => {
  it('list --json shows each dead letter with its reason; replay re-queues them', async () => {
    const url = new URL(base);
    url.pathname = `/${DB}`;
    const { createClient } = await import('@redis/client');
    const client = createClient({ url: url.href });
    await client.connect();
    await client.sendCommand(['FLUSHDB']);
    await client.close();

    const queue = redisQueue({ url: url.href });
    const body = {
      events: [{ external_id: 'user-1', name: 'sms.sent', time: '2024-05-01T10:00:00Z' }],
    };
    const id = await queue.append(
      newEntry({ name: 'sms.sent', eventId: 'evt-1' }, 'evt-1', 'evt-1', body),
    );
    await queue.lease(1);
    await queue.deadLetter([
      { id: id!, kind: 'rejected', reason: 'Braze refused 1 of 1 object(s): bad' },
    ]);

    const list = await runCli(['dead-letters', 'list', '--redis-url', url.href, '--json']);
    expect(list).toMatchObject({ code: 0, stderr: '' });
    const lines = list.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toEqual([
      expect.objectContaining({
        id,
        eventId: 'evt-1',
        eventName: 'sms.sent',
        kind: 'rejected',
        reason: 'Braze refused 1 of 1 object(s): bad',
        attempts: 1,
        event: { name: 'sms.sent', eventId: 'evt-1' },
        body,
        undelivered: body,
      }),
    ]);

    const replay = await runCli(['dead-letters', 'replay', '--redis-url', url.href]);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toMatch(/^re-queued .* {2}rejected {2}sms\.sent {2}evt-1 {2}/);
    expect(await queue.listDeadLetters()).toEqual([]);
    const again = await queue.lease(5);
    expect(again.map((entry) => [entry.eventId, entry.attempts])).toEqual([['evt-1', 0]]);
    expect(again[0]!.body).toEqual(body);
    await queue.close();
  });
});
