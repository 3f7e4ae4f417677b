// `regal-braze serve` against slow and hostile clients, as a process: the whole request must
// arrive within 10 s, an answer sent before the body closes the connection, a capped number of
// connections where idle ones make room for webhooks, and a closed stderr is not fatal.
// Durations are printed (figures for the docs), and asserted only with wide margins.
import { spawn } from 'node:child_process';
import { connect, createServer as createNetServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI_PATH, type RunningCli } from '../support/cli.js';
import { startMockBraze, type MockBraze } from '../support/mock-braze.js';
import { regalEvent } from '../support/regal-events.js';
import { GROUP_ARGS, postEvent, serveEnv, startServe } from '../support/serve.js';

let braze: MockBraze | undefined;
let cli: RunningCli | undefined;
const sockets: Socket[] = [];
const timers: ReturnType<typeof setInterval>[] = [];

afterEach(async () => {
  for (const timer of timers.splice(0)) clearInterval(timer);
  for (const socket of sockets.splice(0)) socket.destroy();
  if (cli !== undefined && cli.child.exitCode === null) cli.child.kill('SIGKILL');
  await braze?.close();
  braze = cli = undefined;
});

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A raw client: what it received, and when the server closed it (ms after opening). */
interface RawClient {
  readonly socket: Socket;
  readonly received: () => string;
  readonly closed: Promise<number>;
}

function rawClient(url: string): Promise<RawClient> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    sockets.push(socket);
    const openedAt = Date.now();
    let received = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
    const closed = new Promise<number>((done) =>
      socket.once('close', () => done(Date.now() - openedAt)),
    );
    socket.once('error', () => undefined);
    socket.once('connect', () => resolve({ socket, received: () => received, closed }));
    socket.once('error', reject);
  });
}

/** Writes `text` one piece every `everyMs` (after a first piece now) until the socket closes. */
function trickle(socket: Socket, text: string, everyMs: number): void {
  let at = 0;
  const next = () => {
    if (at < text.length && !socket.destroyed) socket.write(text[at++] as string);
  };
  next();
  timers.push(setInterval(next, everyMs));
}

describe('regal-braze serve under slow clients', () => {
  it('headers trickled 1 byte a second: 408 and closed within ~10 s (Node default: 60 s)', async () => {
    braze = await startMockBraze();
    const { cli: running, url } = await startServe(braze);
    cli = running;
    const client = await rawClient(url);
    client.socket.write('POST / HTTP/1.1\r\nHost: bridge\r\n');
    trickle(client.socket, 'x-slow: '.padEnd(200, 'a'), 1_000);
    const ms = await client.closed;
    console.log(`slow headers: closed after ${ms} ms`);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(ms).toBeLessThan(20_000);
  }, 40_000);

  it('the right secret, the body trickled 1 byte a second: 408 and closed within ~10 s', async () => {
    braze = await startMockBraze();
    const { cli: running, url } = await startServe(braze);
    cli = running;
    const client = await rawClient(url);
    client.socket.write(
      'POST / HTTP/1.1\r\nHost: bridge\r\nAuthorization: Bearer serve-secret-4b8e2a\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n',
    );
    trickle(client.socket, '{'.padEnd(100, ' '), 1_000);
    const ms = await client.closed;
    console.log(`slow body: closed after ${ms} ms`);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(ms).toBeLessThan(20_000);
  }, 40_000);

  it('a wrong secret with the body trickled 1 byte every 10 s: 401 at once, connection closed', async () => {
    braze = await startMockBraze();
    const { cli: running, url } = await startServe(braze);
    cli = running;
    const client = await rawClient(url);
    client.socket.write(
      'POST / HTTP/1.1\r\nHost: bridge\r\nAuthorization: Bearer wrong-secret\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n',
    );
    trickle(client.socket, '{'.padEnd(100, ' '), 10_000);
    const ms = await client.closed;
    console.log(`wrong secret, slow body: closed after ${ms} ms`);
    expect(client.received()).toMatch(/^HTTP\/1\.1 401 Unauthorized\r\n/);
    expect(client.received()).toMatch(/\r\nconnection: close\r\n/i);
    // Before the second byte: the 401 is not held open for the rest of the body.
    expect(ms).toBeLessThan(10_000);
  }, 40_000);

  it('300 slow sockets, connections capped at 100: every webhook is still answered 202', async () => {
    braze = await startMockBraze();
    const { cli: running, url } = await startServe(braze, ['--max-connections', '100']);
    cli = running;
    const slow = await Promise.all(Array.from({ length: 300 }, () => rawClient(url)));
    for (const client of slow) client.socket.write('POST / HTTP/1.1\r\nHost: bridge\r\nx-slow: ');
    await sleep(200);
    const startedAt = Date.now();
    const statuses: number[] = [];
    for (let i = 0; i < 50; i++) statuses.push((await postEvent(url, regalEvent(i))).status);
    console.log(`50 webhooks past 300 slow sockets: ${Date.now() - startedAt} ms`);
    expect(statuses).toEqual(Array.from({ length: 50 }, () => 202));
    const closedAt = await Promise.all(slow.map((client) => client.closed));
    console.log(`300 slow sockets all closed after ${Math.max(...closedAt)} ms`);
    // All of them are closed: 200+ made room at once, the rest by the request timeout.
    expect(closedAt).toHaveLength(300);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(braze.successes().length).toBeGreaterThan(0);
  }, 60_000);

  it('stderr a closed pipe (EPIPE): serve goes on delivering and exits 0 on SIGTERM', async () => {
    braze = await startMockBraze();
    const port = await new Promise<number>((resolve) => {
      const probe = createNetServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const child = spawn(
      process.execPath,
      [
        CLI_PATH,
        'serve',
        '--port',
        String(port),
        '--memory',
        '--flush-interval',
        '0',
        ...GROUP_ARGS,
      ],
      {
        env: { PATH: process.env.PATH ?? '', ...serveEnv(braze) },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    // Closed before the first line is written.
    child.stderr.destroy();
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const url = `http://127.0.0.1:${port}`;
    for (let tries = 0; ; tries++) {
      try {
        if ((await fetch(`${url}/healthz`)).status === 200) break;
      } catch {
        if (tries > 200) throw new Error('serve did not start');
        await sleep(50);
      }
    }
    // Each delivered batch writes a log line: more EPIPEs.
    for (let i = 0; i < 5; i++) {
      expect((await postEvent(url, regalEvent(i))).status).toBe(202);
      await sleep(50);
    }
    await sleep(500);
    expect(child.exitCode).toBe(null);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const delivered = [...braze.accepted.attributes, ...braze.accepted.events];
    expect(delivered.map((object) => object.external_id).sort()).toEqual([
      'user-0',
      'user-1',
      'user-2',
      'user-3',
      'user-4',
    ]);
  }, 30_000);
});
