// `regal-braze serve` shutting down, as a process: on SIGTERM/SIGINT it keeps listening and
// answers new webhooks 503 with Retry-After, waits for Braze up to --shutdown-timeout, exits 0;
// a second signal exits at once; the closing log says what the memory queue could not deliver.
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningCli } from '../support/cli.js';
import { startMockBraze, type MockBraze } from '../support/mock-braze.js';
import { regalEvent } from '../support/regal-events.js';
import { postEvent, startServe } from '../support/serve.js';
import { until } from '../support/until.js';

let braze: MockBraze | undefined;
let cli: RunningCli | undefined;

afterEach(async () => {
  if (cli !== undefined && cli.child.exitCode === null) cli.child.kill('SIGKILL');
  await braze?.close();
  braze = cli = undefined;
});

describe('regal-braze serve shutdown', () => {
  it('SIGTERM with a request in flight: 503 + Retry-After while draining, then delivered, exit 0', async () => {
    braze = await startMockBraze(() => ({
      status: 201,
      body: { message: 'success' },
      delayMs: 2_500,
    }));
    const started = await startServe(braze, ['--flush-interval', '0']);
    cli = started.cli;
    expect((await postEvent(started.url, regalEvent(1))).status).toBe(202);
    await until(() => braze!.requests.length === 1, { what: 'the Braze request' });

    cli.child.kill('SIGTERM');
    await cli.waitForStderr(/SIGTERM: shutting down/);
    const late = await postEvent(started.url, regalEvent(2));
    expect(late.status).toBe(503);
    expect(late.headers.get('retry-after')).toBe('1');
    expect(late.headers.get('connection')).toBe('close');
    expect(await late.json()).toEqual({
      error: 'unavailable',
      message: 'the bridge is shutting down',
    });
    const health = await fetch(`${started.url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'closing', closing: true, inFlight: 1 });

    expect(await cli.exited).toBe(0);
    expect(braze.requests).toHaveLength(1);
    expect(braze.accepted.attributes.map((object) => object.external_id)).toEqual(['user-1']);
    const stderr = cli.output.stderr;
    expect(stderr).toMatch(
      /^regal-braze serve: SIGTERM: shutting down: new webhooks get 503, delivering 1 queued event\(s\) \(8000 ms at most; a second signal exits at once\)$/m,
    );
    expect(stderr).toMatch(
      /^regal-braze serve: stopped: 1 event\(s\) accepted, 1 delivered, 0 failed, 0 duplicate\(s\), 1 Braze request\(s\)$/m,
    );
  });

  it('Braze hanging past --shutdown-timeout: exit 0, the closing log counts what was lost', async () => {
    braze = await startMockBraze(() => ({ status: 201, delayMs: 60_000 }));
    const started = await startServe(braze, ['--flush-interval', '0', '--shutdown-timeout', '300']);
    cli = started.cli;
    for (const i of [1, 2, 3])
      expect((await postEvent(started.url, regalEvent(i))).status).toBe(202);
    await until(() => braze!.requests.length >= 1, { what: 'a Braze request' });

    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
    const stderr = cli.output.stderr;
    expect(stderr).toMatch(/SIGINT: shutting down: .* \(300 ms at most; /);
    expect(stderr.match(/delivery failed \(closed\) for Regal event evt-\d/g)).toHaveLength(3);
    expect(stderr).toMatch(
      /^regal-braze serve: stopped: 3 event\(s\) accepted, 0 delivered, 3 failed, 0 duplicate\(s\), \d+ Braze request\(s\); 3 event\(s\) not delivered within --shutdown-timeout, lost with the memory queue \(each logged above\)$/m,
    );
  });

  it('a second signal exits at once (exit 1), saying how many events it leaves', async () => {
    braze = await startMockBraze(() => ({ status: 201, delayMs: 60_000 }));
    const started = await startServe(braze, ['--flush-interval', '0']);
    cli = started.cli;
    for (const i of [1, 2]) expect((await postEvent(started.url, regalEvent(i))).status).toBe(202);
    await until(() => braze!.requests.length >= 1, { what: 'a Braze request' });

    cli.child.kill('SIGTERM');
    await cli.waitForStderr(/SIGTERM: shutting down/);
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(1);
    expect(cli.output.stderr).toMatch(
      /^regal-braze serve: second signal \(SIGINT\): exiting now; 2 event\(s\) not delivered, lost with the memory queue$/m,
    );
  });

  it('--shutdown-timeout is checked and shown in --help, in milliseconds', async () => {
    braze = await startMockBraze();
    const { runCli } = await import('../support/cli.js');
    const bad = await runCli(['serve', '--shutdown-timeout', '8s']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      'regal-braze: --shutdown-timeout expects a whole number from 0 to 3600000, got "8s"',
    );
    const { stdout } = await runCli(['serve', '--help']);
    expect(stdout).toContain('--shutdown-timeout MS');
    expect(stdout).toContain('(default 8000');
    expect(stdout).toContain('A second signal exits at once (exit 1)');
  });
});
