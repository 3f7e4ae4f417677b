import { expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors/index.js';
import { redisQueue } from '../../../src/webhook/queue/redis-queue.js';
import { describeWithRedis, testGroup } from '../../support/redis.js';
import { eventNamed, queueContract } from './queue-contract.js';

describeWithRedis('redisQueue', (url) => {
  queueContract(
    'redis',
    async (options) =>
      redisQueue({ url, group: testGroup(), consumer: 'c1', visibilityMs: options.visibilityMs }),
    {
      // The same group and consumer name: a restart takes back what it held at once.
      reopen: async (queue, options) => {
        const group = /stream regal-braze:\{([^}]+)\}/.exec(queue.description)![1]!;
        await queue.close();
        return redisQueue({ url, group, consumer: 'c1', visibilityMs: options.visibilityMs });
      },
    },
  );

  it('another consumer takes what a dead one held only after visibilityMs; a live one keeps its lease', async () => {
    const group = testGroup();
    const dead = redisQueue({ url, group, consumer: 'dead', visibilityMs: 1_000 });
    const live = redisQueue({ url, group, consumer: 'live', visibilityMs: 1_000 });
    const other = redisQueue({ url, group, consumer: 'other', visibilityMs: 1_000 });
    try {
      const a = await dead.append(eventNamed('call.completed', 1));
      const b = await dead.append(eventNamed('call.completed', 2));
      expect((await dead.lease(1)).map((entry) => entry.id)).toEqual([a]);
      expect((await live.lease(1)).map((entry) => entry.id)).toEqual([b]);
      expect(await other.lease(5)).toEqual([]);
      // "dead" stops; "live" renews every 300 ms.
      for (let i = 0; i < 6; i++) {
        await new Promise((resolve) => setTimeout(resolve, 300));
        await live.renew([b!]);
      }
      const claimed = await other.lease(5);
      expect(claimed.map((entry) => entry.id)).toEqual([a]);
      expect(claimed[0]!.event).toEqual(eventNamed('call.completed', 1).event);
      await other.ack([a!]);
      await live.ack([b!]);
      expect(await dead.depth()).toMatchObject({ entries: 0, bytes: 0 });
    } finally {
      await Promise.all([dead.close(), live.close(), other.close()]);
    }
  });

  it('description shows no password; bad options are a ValidationError naming each', () => {
    const queue = redisQueue({ url: 'redis://user:hunter2-secret@127.0.0.1:1/0', group: 'g' });
    expect(queue.description).toBe(
      'redis redis://127.0.0.1:1/0 stream regal-braze:{g}:stream (consumer ' +
        queue.description.split('(consumer ')[1],
    );
    expect(queue.description).not.toContain('hunter2');
    expect(() =>
      redisQueue({
        url: 'http://x',
        group: 'a b',
        consumer: '',
        visibilityMs: 0,
        extra: 1,
      } as never),
    ).toThrow(
      new ValidationError('redisQueue options', [
        { path: ['extra'], message: 'is not an option (url, group, consumer, visibilityMs)' },
        { path: ['url'], message: 'must be a redis:// or rediss:// URL' },
        { path: ['group'], message: 'must be 1 to 100 of A-Z a-z 0-9 . _ : -' },
        { path: ['consumer'], message: 'must be 1 to 100 of A-Z a-z 0-9 . _ : -' },
        { path: ['visibilityMs'], message: 'must be a whole number from 1 to 2147483647' },
      ]),
    );
  });
});
