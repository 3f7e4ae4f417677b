// The webhook bridge against a naive forwarder, 10,000 Regal webhooks each, in the same run.
//
// - bridge: createWebhookHandler behind toNodeListener (what `regal-braze serve` runs), default
//   options: answers 202 once an event is queued, delivers in batches of up to 75 objects in
//   all (Braze's default request limit).
// - naive: the usual hand-written receiver (and what Data Transformation amounts to): a plain
//   Node listener that transforms the event, POSTs it alone to /users/track, and answers once
//   Braze has answered. It sends through the same BrazeClient (same HTTP layer), so the
//   difference is the batching and the early answer, not the client.
//
// A mock Braze runs in a child process (so its work does not count against either) and answers
// each request after BRAZE_LATENCY_MS, a round trip to a nearby Braze region; it counts the
// requests and objects it received. Client-side pacing is lifted for both (Braze's real limit,
// about 1,000 requests per second per workspace, would cap the naive forwarder first).
//
// "server CPU" is the CPU time of this process (the bridge or the forwarder, and the Braze
// client) per event, from first request to last delivery: it varies far less with machine load
// than rates and latencies do.
//
// Webhooks are posted by a child process over HTTP keep-alive, IN_FLIGHT at a time; each one's
// acknowledgement latency is the time from sending the request to reading the whole answer.
// A warm-up of WARMUP posts precedes each measured run. Three processes share the machine's
// cores (load generator, servers, mock Braze): figures are relative to this machine and run.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  BrazeClient,
  createWebhookHandler,
  toNodeListener,
  transformRegalEvent,
  type WebhookHandler,
} from '../src/index.js';

const EVENTS = 10_000;
const WARMUP = 1_000;
const IN_FLIGHT = 20;
const BRAZE_LATENCY_MS = 30;
const SECRET = 'bench-secret-0a9b8c';
const TRANSFORM = { subscriptionGroups: { voice: 'group-voice', sms: 'group-sms' } };

const MOCK_BRAZE = `
let requests = 0, objects = 0;
const server = require('node:http').createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    if (request.method === 'GET') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ requests, objects }));
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    requests++;
    objects += (body.attributes?.length ?? 0) + (body.events?.length ?? 0) + (body.purchases?.length ?? 0);
    setTimeout(() => {
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end('{"message":"success"}');
    }, ${BRAZE_LATENCY_MS});
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

const FIXTURES = [
  'call.completed',
  'contact.attribute.edited',
  'sms.sent',
  'contact.experiment.assigned',
  'contact.unsubscribed',
  'task.created',
  'email.sent',
  'call.placed',
].map((name) =>
  readFileSync(new URL(`../src/testing/fixtures/${name}.json`, import.meta.url), 'utf8'),
);

/** The i-th webhook body of a run: a fixture made distinct (userId and eventId). */
function webhookBody(run: string, i: number): string {
  const event = JSON.parse(FIXTURES[i % FIXTURES.length] as string) as Record<string, unknown>;
  event.userId = `${run}-user-${i}`;
  event.eventId = `${run}-evt-${i}`;
  return JSON.stringify(event);
}

interface BrazeCounts {
  requests: number;
  objects: number;
}

async function startMockBraze(): Promise<{
  url: string;
  counts: () => Promise<BrazeCounts>;
  stop: () => void;
}> {
  const child = spawn(process.execPath, ['-e', MOCK_BRAZE], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<string>((resolve) =>
    child.stdout.once('data', (data: Buffer) => resolve(data.toString().trim())),
  );
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    counts: async () => (await (await fetch(url)).json()) as BrazeCounts,
    stop: () => child.kill(),
  };
}

async function listen(
  listener: Parameters<typeof createServer>[1],
): Promise<{ url: string; server: Server }> {
  const server = createServer(listener);
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

/**
 * The naive forwarder, as a plain Node listener (no Fetch-API objects, so it pays nothing the
 * bridge's Node path does not): one /users/track request per webhook, answered after Braze.
 */
function naiveForwarder(braze: BrazeClient) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        if (request.headers.authorization !== `Bearer ${SECRET}`) {
          response.writeHead(401).end();
          return;
        }
        const body = transformRegalEvent(
          JSON.parse(Buffer.concat(chunks).toString('utf8')),
          TRANSFORM,
        );
        const ok = body === undefined || (await braze.track(body)).ok;
        response.writeHead(ok ? 200 : 502).end();
      })();
    });
  };
}

interface Run {
  seconds: number;
  latencies: number[];
  failures: number;
}

/**
 * The load generator, run in a child process so that its own work (building, sending and
 * reading requests) neither slows the server measured nor counts against it: POSTs `count`
 * webhooks over keep-alive connections, `inFlight` at a time, and prints the latencies.
 */
const LOAD_GENERATOR = `
const http = require('node:http');
const { url, count, inFlight, run, secret, fixtures } = JSON.parse(process.argv[1]);
const agent = new http.Agent({ keepAlive: true, maxSockets: inFlight });
const target = new URL(url);
function body(i) {
  const event = JSON.parse(fixtures[i % fixtures.length]);
  event.userId = run + '-user-' + i;
  event.eventId = run + '-evt-' + i;
  return JSON.stringify(event);
}
function send(i) {
  return new Promise((resolve, reject) => {
    const payload = body(i);
    const sent = performance.now();
    const request = http.request({
      agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST',
      headers: { authorization: 'Bearer ' + secret, 'content-type': 'application/json',
        'content-length': Buffer.byteLength(payload) },
    }, (response) => {
      response.resume();
      response.on('end', () => resolve([performance.now() - sent, response.statusCode]));
    });
    request.on('error', reject);
    request.end(payload);
  });
}
(async () => {
  const latencies = new Array(count);
  let failures = 0, next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (next < count) {
      const i = next++;
      const [latency, status] = await send(i);
      latencies[i] = latency;
      if (status >= 300) failures++;
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(JSON.stringify({ seconds, latencies, failures }));
  agent.destroy();
})();
`;

async function post(url: string, run: string, count: number): Promise<Run> {
  const input = JSON.stringify({
    url,
    count,
    inFlight: IN_FLIGHT,
    run,
    secret: SECRET,
    fixtures: FIXTURES,
  });
  const child = spawn(process.execPath, ['-e', LOAD_GENERATOR, input], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`load generator exited with ${code}`);
  return JSON.parse(output) as Run;
}

/** The fewest requests that can carry a run's objects: ceil(all objects / 75), 75 in all. */
function fewestRequests(): number {
  let objects = 0;
  for (let i = 0; i < EVENTS; i++) {
    const body = transformRegalEvent(JSON.parse(webhookBody('floor', i)), TRANSFORM);
    for (const array of ['attributes', 'events', 'purchases'] as const) {
      objects += body?.[array]?.length ?? 0;
    }
  }
  return Math.ceil(objects / 75);
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

interface Row {
  'events/s acked': number;
  'p50 ack ms': number;
  'p99 ack ms': number;
  'Braze requests / 10k events': number;
  'delivered after (s)': number;
  'server CPU µs/event': number;
}

async function measure(
  name: string,
  url: string,
  braze: { counts: () => Promise<BrazeCounts> },
  drain: () => Promise<void>,
): Promise<Row> {
  await post(url, `${name}-warmup`, WARMUP);
  await drain();
  const before = await braze.counts();
  const cpu = process.cpuUsage();
  const run = await post(url, name, EVENTS);
  const drainStarted = performance.now();
  await drain();
  const drained = run.seconds + (performance.now() - drainStarted) / 1000;
  const used = process.cpuUsage(cpu);
  const after = await braze.counts();
  if (run.failures > 0) throw new Error(`${name}: ${run.failures} webhooks not acknowledged`);
  if (after.objects - before.objects !== EVENTS) {
    throw new Error(
      `${name}: Braze received ${after.objects - before.objects} objects, expected ${EVENTS}`,
    );
  }
  const sorted = [...run.latencies].sort((a, b) => a - b);
  return {
    'events/s acked': Math.round(EVENTS / run.seconds),
    'p50 ack ms': Number(percentile(sorted, 50).toFixed(2)),
    'p99 ack ms': Number(percentile(sorted, 99).toFixed(2)),
    'Braze requests / 10k events': Math.round(
      ((after.requests - before.requests) * 10_000) / EVENTS,
    ),
    'delivered after (s)': Number(drained.toFixed(2)),
    'server CPU µs/event': Math.round((used.user + used.system) / EVENTS),
  };
}

export async function run(): Promise<void> {
  const braze = await startMockBraze();
  const client = () =>
    new BrazeClient({
      apiKey: 'bench-key',
      restEndpoint: braze.url,
      maxRequestsPerSecond: Infinity,
    });
  let bridge: WebhookHandler | undefined;
  const servers: Server[] = [];
  try {
    bridge = createWebhookHandler({ secret: SECRET, braze: client(), transform: TRANSFORM });
    const bridgeServer = await listen(toNodeListener(bridge));
    // The naive forwarder may have as many requests in flight as webhooks in flight.
    const naive = naiveForwarder(
      new BrazeClient({
        apiKey: 'bench-key',
        restEndpoint: braze.url,
        maxRequestsPerSecond: Infinity,
        maxConcurrentRequests: IN_FLIGHT,
      }),
    );
    const naiveServer = await listen(naive);
    servers.push(bridgeServer.server, naiveServer.server);

    const handler = bridge;
    const rows: Record<string, Row> = {
      bridge: await measure('bridge', bridgeServer.url, braze, () => handler.flush()),
      naive: await measure('naive', naiveServer.url, braze, async () => undefined),
    };
    console.log(
      `${EVENTS.toLocaleString('en-US')} webhooks, ${IN_FLIGHT} in flight, mock Braze answering in ${BRAZE_LATENCY_MS} ms:`,
    );
    console.table(rows);
    const b = rows.bridge as Row;
    const n = rows.naive as Row;
    console.log(
      [
        `bridge vs naive: ${(b['events/s acked'] / n['events/s acked']).toFixed(1)}x the acknowledgement rate,`,
        `p50 latency ${(n['p50 ack ms'] / b['p50 ack ms']).toFixed(1)}x lower, p99 ${(n['p99 ack ms'] / b['p99 ack ms']).toFixed(1)}x lower,`,
        `${(n['Braze requests / 10k events'] / b['Braze requests / 10k events']).toFixed(1)}x fewer Braze requests`,
        `(${b['Braze requests / 10k events']} vs ${n['Braze requests / 10k events']}; the fewest possible: ${fewestRequests()}),`,
        `${(n['server CPU µs/event'] / b['server CPU µs/event']).toFixed(1)}x less server CPU per event.`,
      ].join(' '),
    );
  } finally {
    for (const server of servers) {
      server.closeAllConnections();
      server.close();
    }
    await bridge?.close({ timeoutMs: 5_000 });
    braze.stop();
  }
}
