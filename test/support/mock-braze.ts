// The socket-level mock of Braze's POST /users/track (a real HTTP server on 127.0.0.1, not msw),
// for load and fault tests: it records every request and every object it accepted, so that
// "delivered exactly once" is checked by counting. Answers are decided per request (faults,
// partial errors, delays). Behaviour tests use the shipped `brazeHandlers` (msw) instead.
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { Random } from '../../src/testing/factories/random.js';
import { startLocalServer, type Arrival } from './local-server.js';

type TrackArray = 'attributes' | 'events' | 'purchases';
const ARRAYS: readonly TrackArray[] = ['attributes', 'events', 'purchases'];

/** One request the mock received. */
export interface MockBrazeRequest {
  /** 0-based arrival order. */
  readonly index: number;
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  /** The parsed body (`undefined` when it was not JSON). */
  readonly body: Partial<Record<TrackArray, Record<string, unknown>[]>> | undefined;
  /** The status the mock answered. */
  status: number;
}

/** How to answer one request; `undefined` means `201 { message: 'success' }`. */
export interface MockBrazeAnswer {
  status: number;
  headers?: Record<string, string>;
  /** JSON body; for a 2xx, `errors` entries (`input_array`, `index`) mark objects as refused. */
  body?: unknown;
  /** Milliseconds to wait before answering. */
  delayMs?: number;
}

export type MockBrazeResponder = (
  request: MockBrazeRequest,
) => MockBrazeAnswer | undefined | Promise<MockBrazeAnswer | undefined>;

/** A running mock. */
export interface MockBraze {
  /** `http://127.0.0.1:<port>`: the REST endpoint to give the client. */
  readonly url: string;
  /** Every request, in arrival order. */
  readonly requests: MockBrazeRequest[];
  /** Every object Braze "processed": those of 2xx answers, minus those listed in `errors`. */
  readonly accepted: Record<TrackArray, Record<string, unknown>[]>;
  /** Requests answered 2xx. */
  successes(): MockBrazeRequest[];
  /** Requests being handled right now, and the most seen at once. */
  readonly concurrency: { now: number; max: number };
  /** Replaces the responder. */
  respond(responder: MockBrazeResponder): void;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Starts the mock on a free port of 127.0.0.1 (a {@link startLocalServer} with Braze's manners). */
export async function startMockBraze(responder?: MockBrazeResponder): Promise<MockBraze> {
  let respond: MockBrazeResponder = responder ?? (() => undefined);
  const requests: MockBrazeRequest[] = [];
  const accepted: MockBraze['accepted'] = { attributes: [], events: [], purchases: [] };
  const concurrency = { now: 0, max: 0 };

  async function answer(arrival: Arrival, outgoing: ServerResponse): Promise<void> {
    concurrency.now++;
    concurrency.max = Math.max(concurrency.max, concurrency.now);
    let body: MockBrazeRequest['body'];
    try {
      body = JSON.parse(arrival.body) as MockBrazeRequest['body'];
    } catch {
      body = undefined;
    }
    const request: MockBrazeRequest = {
      index: requests.length,
      method: arrival.method,
      url: arrival.url,
      headers: arrival.headers,
      body,
      status: 0,
    };
    requests.push(request);
    const reply = (await respond(request)) ?? { status: 201, body: { message: 'success' } };
    if (reply.delayMs !== undefined) await sleep(reply.delayMs);
    request.status = reply.status;
    if (reply.status < 300 && body !== undefined) {
      const refused = new Set(
        (
          (reply.body as { errors?: { input_array: string; index: number }[] } | undefined)
            ?.errors ?? []
        ).map((error) => `${error.input_array}:${error.index}`),
      );
      for (const array of ARRAYS) {
        (body[array] ?? []).forEach((object, index) => {
          if (!refused.has(`${array}:${index}`)) accepted[array].push(object);
        });
      }
    }
    concurrency.now--;
    outgoing.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    outgoing.end(
      JSON.stringify(reply.body ?? { message: reply.status < 300 ? 'success' : 'error' }),
    );
  }

  const server = await startLocalServer((arrival, outgoing) => void answer(arrival, outgoing));
  return {
    url: server.url,
    requests,
    accepted,
    concurrency,
    successes: () => requests.filter((request) => request.status >= 200 && request.status < 300),
    respond: (next) => {
      respond = next;
    },
    close: () => server.close(),
  };
}

/**
 * Braze having a bad day: answers `503` (with `Retry-After: 0`) to a share of the requests and
 * `429` (with an `X-RateLimit-Reset` already reached) to another, before processing anything.
 */
export function flakyBraze({
  unavailable,
  rateLimited,
  seed = 1,
}: {
  unavailable: number;
  rateLimited: number;
  seed?: number;
}): MockBrazeResponder {
  const random = new Random(String(seed), 'flaky-braze');
  return (): MockBrazeAnswer | undefined => {
    const draw = random.next();
    if (draw < unavailable) {
      return {
        status: 503,
        headers: { 'retry-after': '0' },
        body: { message: 'Service Unavailable' },
      };
    }
    if (draw < unavailable + rateLimited) {
      return {
        status: 429,
        headers: {
          'x-ratelimit-limit': '250000',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(Math.floor(Date.now() / 1000)),
        },
        body: { message: 'Too Many Requests' },
      };
    }
    return undefined;
  };
}
