// RegalClient.trackEvent vs plain fetch with the same body, against a local HTTP server running
// in a child process (so the server's work neither slows the client nor counts in its CPU).
// Pacing is lifted (maxRequestsPerSecond: Infinity) to measure the SDK's own overhead:
// validation, phone normalisation, the retry loop and timeout bookkeeping.
//
// The two are measured in short alternating rounds (ABBA order) rather than one after the
// other, so that drift in machine load affects both alike. Rates are totals over all rounds;
// the ratio is the median of the per-round ratios (robust to a round hit by a load spike).
// Client CPU per request (process.cpuUsage) is printed too: it varies far less with load.
import { spawn } from 'node:child_process';
import { RegalClient } from '../src/index.js';
import { PARTNER_CUSTOM_EVENT_INPUT } from '../test/support/regal-inputs.js';

const ROUNDS = 16;
const SEQUENTIAL_PER_ROUND = 150;
/** Requests in flight at once, and batches of that many per round (about 300 requests). */
const CONCURRENCY = [
  { inFlight: 16, batches: 19 },
  { inFlight: 50, batches: 6 },
] as const;

const SERVER = `
const server = require('node:http').createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"message":"ok"}');
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

// The seed's step-3 body (custom event) with real values.
const EVENT = PARTNER_CUSTOM_EVENT_INPUT;

type Send = () => Promise<unknown>;

/** Wall time and client CPU time of one measurement, in milliseconds. */
interface Cost {
  wall: number;
  cpu: number;
}

async function measured(work: () => Promise<void>): Promise<Cost> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await work();
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

function sequential(send: Send): Promise<Cost> {
  return measured(async () => {
    for (let i = 0; i < SEQUENTIAL_PER_ROUND; i++) await send();
  });
}

function concurrent(inFlight: number, batches: number): (send: Send) => Promise<Cost> {
  return (send) =>
    measured(async () => {
      for (let i = 0; i < batches; i++) {
        await Promise.all(Array.from({ length: inFlight }, send));
      }
    });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

interface Comparison {
  fetchRate: number;
  sdkRate: number;
  ratio: number;
  fetchCpuUs: number;
  sdkCpuUs: number;
}

/** Plain fetch vs the SDK over alternating rounds. */
async function compare(
  plain: Send,
  sdk: Send,
  measure: (send: Send) => Promise<Cost>,
  requestsPerRound: number,
): Promise<Comparison> {
  await measure(plain); // warm-up: connections, JIT
  await measure(sdk);
  const totals = { plain: { wall: 0, cpu: 0 }, sdk: { wall: 0, cpu: 0 } };
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const first = round % 2 === 0 ? plain : sdk;
    const a = await measure(first);
    const b = await measure(first === plain ? sdk : plain);
    const [plainCost, sdkCost] = first === plain ? [a, b] : [b, a];
    totals.plain.wall += plainCost.wall;
    totals.plain.cpu += plainCost.cpu;
    totals.sdk.wall += sdkCost.wall;
    totals.sdk.cpu += sdkCost.cpu;
    ratios.push(plainCost.wall / sdkCost.wall);
  }
  const requests = requestsPerRound * ROUNDS;
  return {
    fetchRate: (requests / totals.plain.wall) * 1000,
    sdkRate: (requests / totals.sdk.wall) * 1000,
    ratio: median(ratios),
    fetchCpuUs: (totals.plain.cpu / requests) * 1000,
    sdkCpuUs: (totals.sdk.cpu / requests) * 1000,
  };
}

async function startServer(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', (data: Buffer) => resolve(Number(String(data).trim())));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

export async function run(): Promise<void> {
  const server = await startServer();
  const regal = new RegalClient({
    apiKey: 'bench-key',
    baseUrl: server.url,
    maxRequestsPerSecond: Infinity,
  });
  const plainFetch: Send = async () => {
    const response = await fetch(`${server.url}/events`, {
      method: 'POST',
      headers: {
        authorization: 'bench-key',
        'content-type': 'application/json',
        'user-agent': 'regal-braze/bench',
      },
      body: JSON.stringify({ ...EVENT, eventSource: 'braze' }),
    });
    return response.json();
  };
  const trackEvent: Send = () => regal.trackEvent(EVENT);

  try {
    const rows: [string, Comparison][] = [
      ['sequential', await compare(plainFetch, trackEvent, sequential, SEQUENTIAL_PER_ROUND)],
    ];
    for (const { inFlight, batches } of CONCURRENCY) {
      rows.push([
        `${inFlight} concurrent`,
        await compare(plainFetch, trackEvent, concurrent(inFlight, batches), inFlight * batches),
      ]);
    }
    console.table(
      rows.map(([mode, result]) => ({
        mode,
        'plain fetch (req/s)': Math.round(result.fetchRate),
        'trackEvent (req/s)': Math.round(result.sdkRate),
        'ratio (median of rounds; target >= 0.65x)': `${result.ratio.toFixed(2)}x`,
        'client CPU/req, fetch (µs)': Math.round(result.fetchCpuUs),
        'client CPU/req, trackEvent (µs)': Math.round(result.sdkCpuUs),
      })),
    );
  } finally {
    server.stop();
  }
}
