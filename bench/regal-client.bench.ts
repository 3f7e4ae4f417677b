// RegalClient.trackEvent vs plain fetch with the same body, against a local HTTP server running
// in a worker thread (its own event loop, so the server's work does not slow the client's).
// Pacing is lifted (maxRequestsPerSecond: Infinity) to measure the SDK's own overhead:
// validation, phone normalisation, ky, the retry loop and timeout bookkeeping.
//
// The two are measured in alternating rounds (ABBA order) rather than one after the other, so
// that drift in machine load affects both alike; each figure is the total over all rounds.
import { Worker } from 'node:worker_threads';
import { RegalClient, type TrackEventInput } from '../src/index.js';

const ROUNDS = 8;
const SEQUENTIAL_PER_ROUND = 300;
const CONCURRENCY = 50;
const BATCHES_PER_ROUND = 12;

const SERVER = `
const { createServer } = require('node:http');
const { parentPort } = require('node:worker_threads');
const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"message":"ok"}');
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
`;

// The seed's step-3 body (custom event) with real values.
const EVENT: TrackEventInput = {
  userId: 'user-8841',
  traits: {
    phone: '+17625555555',
    firstName: 'Jane',
    lastName: 'Doe',
    custom1: 'gold',
    custom2: 'referral',
    custom3: '2024',
  },
  name: 'Application Step 1 Completed',
  properties: {
    educationalLevel: 'bachelor',
    preferredLocation: 'Lyon',
    preferredSubject: 'mathematics',
    readytoCommit: true,
  },
};

type Send = () => Promise<unknown>;

async function sequential(send: Send, count: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < count; i++) await send();
  return performance.now() - started;
}

async function concurrent(send: Send, batches: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < batches; i++) await Promise.all(Array.from({ length: CONCURRENCY }, send));
  return performance.now() - started;
}

/** Requests per second of `a` and `b`, measured in alternating rounds. */
async function compare(
  a: Send,
  b: Send,
  measure: (send: Send) => Promise<number>,
  requestsPerRound: number,
): Promise<[number, number]> {
  await measure(a); // warm-up: connections, JIT
  await measure(b);
  let timeA = 0;
  let timeB = 0;
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) {
      timeA += await measure(a);
      timeB += await measure(b);
    } else {
      timeB += await measure(b);
      timeA += await measure(a);
    }
  }
  const requests = requestsPerRound * ROUNDS;
  return [(requests / timeA) * 1000, (requests / timeB) * 1000];
}

export async function run(): Promise<void> {
  const worker = new Worker(SERVER, { eval: true });
  const port = await new Promise<number>((resolve) => worker.once('message', resolve));
  const baseUrl = `http://127.0.0.1:${port}`;
  const regal = new RegalClient({ apiKey: 'bench-key', baseUrl, maxRequestsPerSecond: Infinity });
  const plainFetch: Send = async () => {
    const response = await fetch(`${baseUrl}/events`, {
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
    const rows = [
      [
        'sequential',
        ...(await compare(
          plainFetch,
          trackEvent,
          (send) => sequential(send, SEQUENTIAL_PER_ROUND),
          SEQUENTIAL_PER_ROUND,
        )),
      ],
      [
        `${CONCURRENCY} concurrent`,
        ...(await compare(
          plainFetch,
          trackEvent,
          (send) => concurrent(send, BATCHES_PER_ROUND),
          CONCURRENCY * BATCHES_PER_ROUND,
        )),
      ],
    ] as const;
    console.table(
      rows.map(([mode, fetchRate, sdkRate]) => ({
        mode,
        'plain fetch (req/s)': Math.round(fetchRate),
        'trackEvent (req/s)': Math.round(sdkRate),
        'ratio (target >= 0.8x)': `${(sdkRate / fetchRate).toFixed(2)}x`,
      })),
    );
  } finally {
    await worker.terminate();
  }
}
