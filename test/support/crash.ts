// Crash trials of the built CLI: `regal-braze serve --data-dir` against a mock Braze on
// 127.0.0.1, webhooks sent, the process killed (kill -9, or SIGTERM then SIGKILL), restarted
// with Braze healthy, and every acknowledged event counted at the mock.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_PATH } from './cli.js';
import { Random } from '../../src/testing/factories/random.js';
import { startMockBraze, type MockBraze, type MockBrazeAnswer } from './mock-braze.js';
import { countByExternalId, expectedBody, regalEvent } from './regal-events.js';

export const CRASH_SECRET = 'crash-secret-7c1e9a';
const KEY = 'crash-braze-key-52b0d4';

/** How Braze behaves until the kill: slow (3 s), failing (500), or healthy. */
export type BrazeMode = 'slow' | 'failing' | 'healthy';

/** What one trial found. */
export interface TrialResult {
  readonly mode: BrazeMode | 'sigterm-outage';
  /** Webhooks answered 202 before the kill. */
  readonly acknowledged: number;
  /** Acknowledged events Braze never received. */
  readonly lost: number;
  /** Extra copies Braze received (of any event). */
  readonly duplicated: number;
  /** Objects in requests that reached Braze around the kill, whose answer the bridge may not have committed: the most duplicates there may be. */
  readonly inFlightAtKill: number;
  /** When the kill came, ms after the first webhook. */
  readonly killedAfterMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function objectsOf(i: number): number {
  const body = expectedBody(regalEvent(i));
  return (body.attributes?.length ?? 0) + (body.events?.length ?? 0);
}

export interface Serve {
  readonly child: ChildProcess;
  readonly url: Promise<string>;
  readonly exited: Promise<number | null>;
  stderr: string;
}

/** The CLI the trials run: `CRASH_CLI` (e.g. from an installed tarball), or the test build. */
export function crashCli(): string {
  return process.env.CRASH_CLI ?? CLI_PATH;
}

/** Starts the built CLI's `serve` with `args` and `env`; its URL resolves once it listens. */
export function spawnServe(
  cli: string,
  args: readonly string[],
  env: Record<string, string>,
): Serve {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const state: Serve = {
    child,
    stderr: '',
    url: new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`serve did not start: ${state.stderr}`)),
        20_000,
      );
      child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
        state.stderr += chunk;
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+) /.exec(state.stderr);
        if (match !== null) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
    }),
    exited: new Promise((resolve) => child.on('close', resolve)),
  };
  return state;
}

function serve(dataDir: string, brazeUrl: string): Serve {
  return spawnServe(crashCli(), ['--flush-interval', '50', '--data-dir', dataDir], {
    REGAL_WEBHOOK_SECRET: CRASH_SECRET,
    BRAZE_API_KEY: KEY,
    BRAZE_REST_ENDPOINT: brazeUrl,
  });
}

async function post(url: string, i: number): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${CRASH_SECRET}`, 'content-type': 'application/json' },
      body: JSON.stringify(regalEvent(i)),
    });
    await response.arrayBuffer();
    return response.status === 202;
  } catch {
    return false; // the process died with the request in flight: not acknowledged
  }
}

/** Sends webhooks 0, 1, 2… with `concurrency` in flight until `stop()`; resolves to those acknowledged. */
function sendUntil(url: string, concurrency: number, stopped: () => boolean, max: number) {
  const acknowledged: number[] = [];
  let next = 0;
  const worker = async () => {
    while (!stopped() && next < max) {
      const i = next++;
      if (await post(url, i)) acknowledged.push(i);
    }
  };
  return Promise.all(Array.from({ length: concurrency }, worker)).then(() => acknowledged);
}

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/**
 * One trial: Braze in `mode`, webhooks sent, `kill -9` after a random moment (seeded), a
 * restart with Braze healthy, and the count.
 */
export async function crashTrial(
  mode: BrazeMode | 'sigterm-outage',
  seed: number,
  root: string,
): Promise<TrialResult> {
  const seeded = new Random(String(seed), 'crash-trial');
  const random = () => seeded.next();
  const dataDir = mkdtempSync(join(root, `${mode}-`));
  const arrivals: number[] = [];
  const delayMs = mode === 'slow' ? 3_000 : 0;
  let healthy = false;
  const braze: MockBraze = await startMockBraze((request) => {
    arrivals[request.index] = Date.now();
    if (healthy || mode === 'healthy') return undefined;
    if (mode === 'slow')
      return { status: 201, body: { message: 'success' }, delayMs } as MockBrazeAnswer;
    return { status: 500, body: { message: 'down' } };
  });
  try {
    const first = serve(dataDir, braze.url);
    const url = await first.url;
    const started = Date.now();
    let killed = false;
    const sending = sendUntil(url, 16, () => killed, 4_000);
    let killAt: number;
    if (mode === 'sigterm-outage') {
      await sleep(1_000 + random() * 1_000);
      killAt = Date.now();
      first.child.kill('SIGTERM');
      // What `docker stop` does: SIGKILL 10 s after SIGTERM if the process is still there.
      const exitedInTime = await Promise.race([
        first.exited.then(() => true),
        sleep(10_000).then(() => false),
      ]);
      if (!exitedInTime) first.child.kill('SIGKILL');
    } else {
      await sleep(300 + random() * 2_200);
      killAt = Date.now();
      first.child.kill('SIGKILL');
    }
    killed = true;
    const acknowledged = await sending;
    await first.exited;

    healthy = true;
    const second = serve(dataDir, braze.url);
    await second.url;
    const times = () => {
      const counts = countByExternalId([...braze.accepted.attributes, ...braze.accepted.events]);
      return (i: number) => (counts.get(`user-${i}`) ?? 0) / objectsOf(i);
    };
    await until(() => {
      const delivered = times();
      return acknowledged.every((i) => delivered(i) >= 1);
    }, 60_000);
    // Requests the first process left with the slow Braze are answered 3 s later: let them land.
    await until(() => braze.concurrency.now === 0, 10_000);
    await sleep(300);
    second.child.kill('SIGTERM');
    await second.exited;

    const delivered = times();
    const lost = acknowledged.filter((i) => delivered(i) === 0).length;
    let duplicated = 0;
    const highest = Math.max(-1, ...acknowledged) + 200;
    for (let i = 0; i <= highest; i++) duplicated += Math.max(0, Math.round(delivered(i)) - 1);
    // Answered 2xx from (kill - 1 s) on, by arrival time plus the mock's delay.
    let inFlightAtKill = 0;
    braze.requests.forEach((request, index) => {
      const at = arrivals[index] ?? 0;
      const processed = request.status >= 200 && request.status < 300;
      if (
        processed &&
        at < killAt &&
        at + delayMs >= killAt - 1_000 &&
        request.body !== undefined
      ) {
        inFlightAtKill +=
          (request.body.attributes?.length ?? 0) + (request.body.events?.length ?? 0);
      }
    });
    return {
      mode,
      acknowledged: acknowledged.length,
      lost,
      duplicated,
      inFlightAtKill,
      killedAfterMs: killAt - started,
    };
  } finally {
    await braze.close();
  }
}
