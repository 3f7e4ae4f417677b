// `regal-braze dead-letters list|replay|purge` on a data directory, as a process; and the whole
// loop: serve dead-letters what Braze refuses, list shows it, replay gets it delivered.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { sqliteQueue } from '../../src/index.js';
import { newEntry } from '../../src/webhook/queue/queue.js';
import { runCli, startCli, type RunningCli } from '../support/cli.js';
import { fixture } from '../support/fixtures.js';
import { startMockBraze, type MockBraze } from '../support/mock-braze.js';

const root = mkdtempSync(join(tmpdir(), 'regal-braze-dead-letters-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let braze: MockBraze | undefined;
let cli: RunningCli | undefined;
afterEach(async () => {
  if (cli !== undefined && cli.child.exitCode === null) cli.child.kill('SIGKILL');
  await braze?.close();
  braze = cli = undefined;
});

const body = (name: string, n: number) => ({
  events: [{ external_id: `user-${n}`, name, time: '2024-05-01T10:00:00Z' }],
});

/** A data dir holding three dead letters: two sms.sent (refused), one call.completed (expired). */
async function dataDirWithDeadLetters(): Promise<string> {
  const dir = mkdtempSync(join(root, 'data-'));
  const queue = sqliteQueue({ path: join(dir, 'queue.db') });
  const events = [
    { name: 'sms.sent', eventId: 'evt-1' },
    { name: 'call.completed', eventId: 'evt-2' },
    { name: 'sms.sent', eventId: 'evt-3' },
  ];
  for (const [n, event] of events.entries()) {
    await queue.append(newEntry(event, event.eventId, event.eventId, body(event.name, n)));
  }
  const [a, b, c] = await queue.lease(3);
  await queue.deadLetter([
    { id: a!.id, kind: 'rejected', reason: 'Braze refused 1 of 1 object(s): Invalid event name' },
    {
      id: b!.id,
      kind: 'failed',
      reason:
        'not delivered within 24 h (maxEventAgeMs), 9 attempt(s); last: Braze API answered 503',
    },
    { id: c!.id, kind: 'rejected', reason: 'Braze refused 1 of 1 object(s): Invalid event name' },
  ]);
  await queue.close();
  return dir;
}

describe('regal-braze dead-letters', () => {
  it('list --json: one JSON object per line with the event, reason, attempts and times', async () => {
    const dir = await dataDirWithDeadLetters();
    const result = await runCli(['dead-letters', 'list', '--data-dir', dir, '--json']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const lines = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toEqual({
      id: '1',
      eventId: 'evt-1',
      eventName: 'sms.sent',
      kind: 'rejected',
      reason: 'Braze refused 1 of 1 object(s): Invalid event name',
      attempts: 1,
      acceptedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      lastAttemptAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      deadAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      event: { name: 'sms.sent', eventId: 'evt-1' },
      body: body('sms.sent', 0),
      undelivered: body('sms.sent', 0),
    });
    expect(lines.map((line) => [line.eventId, line.kind])).toEqual([
      ['evt-1', 'rejected'],
      ['evt-2', 'failed'],
      ['evt-3', 'rejected'],
    ]);
  });

  it('list: one line each, filtered by reason, event name or kind, and a count', async () => {
    const dir = await dataDirWithDeadLetters();
    const all = await runCli(['dead-letters', 'list', '--data-dir', dir]);
    expect(all.code).toBe(0);
    expect(all.stdout.split('\n')[1]).toMatch(
      /^2 {2}\d{4}-\d\d-\d\dT[\d:.]+Z {2}failed {2}call\.completed {2}evt-2 {2}1 attempt\(s\) {2}not delivered within 24 h/,
    );
    expect(all.stderr).toBe('3 dead letter(s)\n');
    const byReason = await runCli(['dead-letters', 'list', '--data-dir', dir, '--reason', '503']);
    expect(byReason.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(byReason.stderr).toBe('1 dead letter(s) (reason containing "503")\n');
    const byName = await runCli([
      'dead-letters',
      'list',
      '--data-dir',
      dir,
      '--event-name',
      'sms.sent',
      '--kind',
      'rejected',
      '--json',
    ]);
    expect(
      byName.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line).eventId),
    ).toEqual(['evt-1', 'evt-3']);
  });

  it('replay re-queues the matching ones and says what it did; purge needs a filter or --all', async () => {
    const dir = await dataDirWithDeadLetters();
    const replay = await runCli([
      'dead-letters',
      'replay',
      '--data-dir',
      dir,
      '--event-name',
      'sms.sent',
    ]);
    expect(replay.code).toBe(0);
    expect(replay.stdout.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^re-queued 1 {2}.* {2}rejected {2}sms\.sent {2}evt-1 {2}/),
      expect.stringMatching(/^re-queued 3 {2}.* {2}rejected {2}sms\.sent {2}evt-3 {2}/),
    ]);
    expect(replay.stderr).toBe(
      're-queued 2 dead letter(s) (event sms.sent): the running bridge, or the next serve on this queue, delivers them\n',
    );
    const queue = sqliteQueue({ path: join(dir, 'queue.db') });
    expect((await queue.depth()).entries).toBe(2);
    await queue.close();

    const refused = await runCli(['dead-letters', 'purge', '--data-dir', dir]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      'regal-braze: purge deletes for good: give a filter (--reason, --event-name, --kind, --limit) or --all',
    );
    const purge = await runCli(['dead-letters', 'purge', '--data-dir', dir, '--all']);
    expect(purge).toMatchObject({ code: 0, stderr: 'purged 1 dead letter(s)\n' });
    const after = await runCli(['dead-letters', 'list', '--data-dir', dir, '--json']);
    expect(after).toMatchObject({ code: 0, stdout: '' });
  });

  it('bad usage: exit 2', async () => {
    const none = await runCli(['dead-letters', 'list', '--data-dir', join(root, 'nothing-here')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(
      `regal-braze: no queue in ${join(root, 'nothing-here')} (queue.db not found): check --data-dir`,
    );
    const action = await runCli(['dead-letters', 'show']);
    expect(action.code).toBe(2);
    expect(action.stderr).toContain('regal-braze: unknown action "show" (list, replay or purge)');
    const memory = await runCli(['dead-letters', 'list', '--memory']);
    expect(memory.stderr).toContain('regal-braze: --memory holds no dead letters to act on');
    const kind = await runCli(['dead-letters', 'list', '--kind', 'lost']);
    expect(kind.stderr).toContain('regal-braze: --kind expects rejected or failed, got "lost"');
  });

  it('with serve: what Braze refused is listed with its reason, and replay gets it delivered', async () => {
    const dir = mkdtempSync(join(root, 'serve-'));
    let refuse = true;
    braze = await startMockBraze((request) =>
      refuse
        ? {
            status: 201,
            body: {
              message: 'success',
              errors: (request.body?.events ?? []).map((_, index) => ({
                type: 'Invalid event name',
                input_array: 'events',
                index,
              })),
            },
          }
        : undefined,
    );
    cli = startCli(['serve', '--port', '0', '--flush-interval', '0', '--data-dir', dir], {
      REGAL_WEBHOOK_SECRET: 'serve-secret-4b8e2a',
      BRAZE_API_KEY: 'serve-braze-key-93c1d0',
      BRAZE_REST_ENDPOINT: braze.url,
    });
    const [, url] = await cli.waitForStderr(/listening on (http:\/\/127\.0\.0\.1:\d+) /);
    const sms = fixture('sms.sent');
    const posted = await fetch(url!, {
      method: 'POST',
      headers: { authorization: 'Bearer serve-secret-4b8e2a', 'content-type': 'application/json' },
      body: JSON.stringify(sms),
    });
    expect(posted.status).toBe(202);
    await cli.waitForStderr(/delivery failed \(rejected\)/);

    const list = await runCli(['dead-letters', 'list', '--data-dir', dir, '--json']);
    const [letter] = list.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(letter).toMatchObject({
      eventName: 'sms.sent',
      kind: 'rejected',
      reason: 'Braze refused 1 of 1 object(s): Invalid event name',
      event: sms,
    });

    refuse = false;
    const replay = await runCli(['dead-letters', 'replay', '--data-dir', dir]);
    expect(replay.code).toBe(0);
    // The running serve finds the re-queued event on its next look at the queue.
    await cli.waitForStderr(
      /braze batch 2: 1 event\(s\), 1 object\(s\), 1 request\(s\), 1 attempt\(s\): 1 delivered/,
    );
    expect(braze.accepted.events).toHaveLength(1);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  });
});
