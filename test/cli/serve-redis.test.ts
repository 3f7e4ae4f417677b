// `regal-braze serve --redis-url` against a Redis of its own that stops and comes back: a wrong
// URL is a startup error; while Redis is down, webhooks get 503 at once (not held past Regal's
// 5 s), and once it is back they are accepted again and delivered.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { startCli, type RunningCli } from '../support/cli.js';
import { startMockBraze, type MockBraze } from '../support/mock-braze.js';
import { describeWithRedis } from '../support/redis.js';
import { regalEvent } from '../support/regal-events.js';
import { postEvent, serveEnv, startServe } from '../support/serve.js';

let braze: MockBraze | undefined;
let cli: RunningCli | undefined;
let redis: ChildProcess | undefined;

afterEach(async () => {
  if (cli !== undefined && cli.child.exitCode === null) cli.child.kill('SIGKILL');
  if (redis !== undefined && redis.exitCode === null) redis.kill('SIGKILL');
  await braze?.close();
  braze = cli = redis = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', () => reject(new Error(`redis-server exited: ${output}`)));
  });
  return child;
}

describeWithRedis('serve --redis-url, Redis stopping and coming back', () => {
  it('a Redis nobody listens on: exit 2 naming it', async () => {
    const port = await freePort();
    braze = await startMockBraze();
    cli = startCli(['serve', '--redis-url', `redis://127.0.0.1:${port}`], serveEnv(braze));
    expect(await cli.exited).toBe(2);
    expect(cli.output.stderr).toMatch(
      new RegExp(
        `^regal-braze: --redis-url: .*(ECONNREFUSED|cannot connect to Redis at redis://127\\.0\\.0\\.1:${port})`,
      ),
    );
  });

  it('Redis down: 503 at once; back: 202 and delivered', async () => {
    const port = await freePort();
    redis = await startRedis(port);
    braze = await startMockBraze();
    const started = await startServe(braze, [
      '--redis-url',
      `redis://127.0.0.1:${port}`,
      '--flush-interval',
      '0',
    ]);
    cli = started.cli;
    expect((await postEvent(started.url, regalEvent(1))).status).toBe(202);
    // Delivered before Redis goes: this Redis keeps nothing across a restart.
    await cli.waitForStderr(/braze batch 1: 1 event\(s\).* 1 delivered/);

    redis.kill('SIGKILL');
    await new Promise((resolve) => redis!.once('exit', resolve));
    const before = Date.now();
    const down = await postEvent(started.url, regalEvent(2));
    const ms = Date.now() - before;
    console.log(`webhook with Redis down: ${down.status} after ${ms} ms`);
    expect(down.status).toBe(503);
    expect(ms).toBeLessThan(5_000);

    redis = await startRedis(port);
    let status = 0;
    for (let tries = 0; tries < 100 && status !== 202; tries++) {
      await sleep(100);
      status = (await postEvent(started.url, regalEvent(3))).status;
    }
    expect(status).toBe(202);
    for (let tries = 0; tries < 100; tries++) {
      const ids = [...braze.accepted.attributes, ...braze.accepted.events].map(
        (o) => o.external_id,
      );
      if (ids.includes('user-3')) break;
      await sleep(100);
    }
    const ids = [...braze.accepted.attributes, ...braze.accepted.events].map((o) => o.external_id);
    expect(ids).toContain('user-1');
    expect(ids).toContain('user-3');
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  }, 60_000);
});
