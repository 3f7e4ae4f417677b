// The bridge's queues side by side, in the same run: acknowledgement latency (p50, p99) at a
// steady 1,000 webhooks/s offered (and at 200/s), the most webhooks/s sustained (20 in flight), and the Braze
// requests made against the fewest possible (objects / 75, rounded up).
//
// - memory: memoryQueue() (not durable), the baseline;
// - sqlite: sqliteQueue({ path }) in a temporary directory (WAL, synchronous NORMAL);
// - sqlite-full: the same with synchronous FULL (an fsync per group commit).
// More queues (Redis) join by adding an entry to QUEUES.
//
// Each queue first takes WARMUP webhooks (not measured). Webhooks go over HTTP keep-alive to the bridge behind toNodeListener (what `serve` runs); a
// mock Braze answers after BRAZE_LATENCY_MS. Both run in this process, so the figures are
// relative to each other on this machine. BENCH_SOAK=1 adds the soak: 100,000 webhooks with
// 30 % of Braze requests failing (503 or 429), RSS sampled every second.
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createWebhookHandler,
  memoryQueue,
  redisQueue,
  sqliteQueue,
  toNodeListener,
  type DeliveryQueue,
  type WebhookHandler,
} from '../src/index.js';
import { expectedBody, regalEvent, TRANSFORM } from '../test/support/regal-events.js';
import { flakyBraze, startMockBraze, type MockBraze } from '../test/support/mock-braze.js';

const SECRET = 'bench-secret-queue';
const BRAZE_LATENCY_MS = 30;
const OFFERED_PER_SECOND = 1_000;
/** A lighter load, for the latency of a machine that is not saturated. */
const LIGHT_PER_SECOND = 200;
const STEADY_SECONDS = 5;
const SUSTAINED_EVENTS = 5_000;
const IN_FLIGHT = 20;
const WARMUP = 1_000;

/** The queues compared; add one here (e.g. Redis) to bench it too. */
export const QUEUES: { name: string; make: (dir: string) => DeliveryQueue }[] = [
  { name: 'memory', make: () => memoryQueue() },
  { name: 'sqlite', make: (dir) => sqliteQueue({ path: join(dir, 'queue.db') }) },
  {
    name: 'sqlite-full',
    make: (dir) => sqliteQueue({ path: join(dir, 'queue-full.db'), synchronous: 'full' }),
  },
  // A Redis of REDIS_URL (on this machine: redis-server --save '' --appendonly no), keys of a
  // bridge group of this run's own.
  ...(process.env.REDIS_URL === undefined || process.env.REDIS_URL === ''
    ? []
    : [
        {
          name: 'redis',
          make: () =>
            redisQueue({ url: process.env.REDIS_URL, group: `bench-${process.pid}-${Date.now()}` }),
        },
      ]),
];

interface Running {
  handler: WebhookHandler;
  server: Server;
  url: URL;
  close(): Promise<void>;
}

async function startBridge(queue: DeliveryQueue, braze: MockBraze): Promise<Running> {
  const handler = createWebhookHandler({
    secret: SECRET,
    braze: { apiKey: 'bench-key', restEndpoint: braze.url, maxRequestsPerSecond: 100_000 },
    transform: TRANSFORM,
    queue,
  });
  const server = createServer(toNodeListener(handler));
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  return {
    handler,
    server,
    url,
    close: async () => {
      await handler.close({ timeoutMs: 30_000 });
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function post(url: URL, body: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${SECRET}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (response) => {
        response.resume();
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, ms: performance.now() - started }),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

function webhook(run: string, i: number): string {
  const event = regalEvent(i);
  event.userId = `${run}-${i}`;
  event.eventId = `${run}-evt-${i}`;
  return JSON.stringify(event);
}

function objectsOf(i: number): number {
  const body = expectedBody(regalEvent(i));
  return (body.attributes?.length ?? 0) + (body.events?.length ?? 0);
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function until(check: () => boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('bench: delivery did not finish in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** `perSecond` webhooks/s for STEADY_SECONDS, open loop: latency of each acknowledgement. */
async function steady(bridge: Running, run: string, perSecond = OFFERED_PER_SECOND) {
  const total = perSecond * STEADY_SECONDS;
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  const started = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * perSecond));
    for (; sent < due; sent++) {
      pending.push(
        post(bridge.url, webhook(run, sent)).then((answer) => {
          if (answer.status !== 202) throw new Error(`bench: answered ${answer.status}`);
          latencies.push(answer.ms);
        }),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(pending);
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), rate: total / seconds };
}

/** IN_FLIGHT webhooks at a time, as fast as the bridge answers. */
async function sustained(bridge: Running, run: string, events = SUSTAINED_EVENTS) {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < events) {
      const i = next++;
      const answer = await post(bridge.url, webhook(run, i));
      if (answer.status !== 202) throw new Error(`bench: answered ${answer.status}`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return events / ((performance.now() - started) / 1000);
}

export async function run(): Promise<void> {
  if (!QUEUES.some((queue) => queue.name === 'redis')) {
    console.log('redis: not measured (REDIS_URL is not set)');
  }
  const rows: Record<string, string>[] = [];
  let memoryP99 = Number.NaN;
  for (const { name, make } of QUEUES) {
    const dir = mkdtempSync(join(tmpdir(), `regal-braze-bench-${name}-`));
    const braze = await startMockBraze(() => ({
      status: 201,
      body: { message: 'success' },
      delayMs: BRAZE_LATENCY_MS,
    }));
    const bridge = await startBridge(make(dir), braze);
    try {
      await sustained(bridge, `${name}-warm-up`, WARMUP);
      await bridge.handler.flush();
      const before = braze.requests.length;
      const atRate = await steady(bridge, `${name}-steady`);
      const light = await steady(bridge, `${name}-light`, LIGHT_PER_SECOND);
      const rate = await sustained(bridge, `${name}-max`);
      await bridge.handler.flush();
      const accepted = bridge.handler.stats().accepted;
      await until(() => bridge.handler.stats().delivered === accepted);
      let objects = 0;
      for (let i = 0; i < OFFERED_PER_SECOND * STEADY_SECONDS; i++) objects += objectsOf(i);
      for (let i = 0; i < LIGHT_PER_SECOND * STEADY_SECONDS; i++) objects += objectsOf(i);
      for (let i = 0; i < SUSTAINED_EVENTS; i++) objects += objectsOf(i);
      const fewest = Math.ceil(objects / 75);
      if (name === 'memory') memoryP99 = atRate.p99;
      rows.push({
        queue: name,
        'ack p50 (ms) at 1,000/s': atRate.p50.toFixed(2),
        'ack p99 (ms) at 1,000/s': atRate.p99.toFixed(2),
        'p99 vs memory': `${(atRate.p99 / memoryP99).toFixed(2)}x`,
        'achieved /s': Math.round(atRate.rate).toLocaleString('en-US'),
        [`ack p50 / p99 (ms) at ${LIGHT_PER_SECOND}/s`]: `${light.p50.toFixed(2)} / ${light.p99.toFixed(2)}`,
        'sustained /s (20 in flight)': Math.round(rate).toLocaleString('en-US'),
        'Braze requests / fewest': `${braze.requests.length - before} / ${fewest} = ${((braze.requests.length - before) / fewest).toFixed(3)}`,
      });
    } finally {
      await bridge.close();
      await braze.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.table(rows);
  if (process.env.BENCH_SOAK === '1') await soak();
}

/** 100,000 webhooks through the SQLite queue with 30 % of Braze requests failing. */
async function soak(): Promise<void> {
  const EVENTS = 100_000;
  const dir = mkdtempSync(join(tmpdir(), 'regal-braze-soak-'));
  const braze = await startMockBraze(flakyBraze({ unavailable: 0.2, rateLimited: 0.1, seed: 7 }));
  const bridge = await startBridge(sqliteQueue({ path: join(dir, 'queue.db') }), braze);
  const rss: number[] = [];
  const sampler = setInterval(() => rss.push(process.memoryUsage().rss), 1_000);
  const started = performance.now();
  try {
    let next = 0;
    const worker = async () => {
      while (next < EVENTS) {
        const i = next++;
        const answer = await post(bridge.url, webhook('soak', i));
        if (answer.status !== 202) throw new Error(`soak: answered ${answer.status}`);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    await until(
      () => bridge.handler.stats().delivered + bridge.handler.stats().failed === EVENTS,
      600_000,
    );
    const stats = bridge.handler.stats();
    const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
    console.log(
      `soak: ${EVENTS.toLocaleString('en-US')} webhooks, 30 % Braze faults: ${stats.delivered} delivered, ${stats.failed} dead letters, ${stats.retried} retries, ${braze.requests.length} Braze requests in ${Math.round((performance.now() - started) / 1000)} s; RSS first ${mb(rss[0] ?? 0)}, max ${mb(Math.max(...rss))}, last ${mb(rss.at(-1) ?? 0)}`,
    );
  } finally {
    clearInterval(sampler);
    await bridge.close();
    await braze.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
