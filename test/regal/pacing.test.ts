// Client-side pacing as the server sees it: timestamps taken at a node:http server's `request`
// event never show more than maxRequestsPerSecond requests in any one-second window, the first
// included, even when the first requests take long to arrive (cold connections).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegalClient } from '../../src/index.js';
import { startLocalServer, type LocalServer } from '../support/local-server.js';

let server: LocalServer;
beforeAll(async () => {
  server = await startLocalServer();
});
afterAll(() => server.close());

/** The largest number of times in any window of `windowMs` (half-open: [t, t + windowMs)). */
function maxInAnyWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  for (let first = 0, last = 0; last < sorted.length; last++) {
    while ((sorted[last] as number) - (sorted[first] as number) >= windowMs) first++;
    max = Math.max(max, last - first + 1);
  }
  return max;
}

/**
 * A fetch whose first `cold` requests reach the network `delayMs` late, as on connections still
 * being opened: the SDK has started them, the server sees them later.
 */
function coldStartFetch(cold: number, delayMs: number) {
  let calls = 0;
  return async (request: Request, init?: RequestInit): Promise<Response> => {
    if (calls++ < cold) await new Promise((resolve) => setTimeout(resolve, delayMs));
    return fetch(request, init);
  };
}

async function burst(count: number, limit: number): Promise<number[]> {
  const before = server.arrivals.length;
  const regal = new RegalClient({
    apiKey: 'pacing-key-0123',
    baseUrl: server.url,
    maxRequestsPerSecond: limit,
    maxRetries: 0,
    timeout: 60_000,
    fetch: coldStartFetch(limit, 400),
  });
  const results = await Promise.all(
    Array.from({ length: count }, (_, index) =>
      regal.trackEvent({ userId: `user-${index}`, name: 'Burst' }),
    ),
  );
  expect(results.every((result) => result.status === 200)).toBe(true);
  const arrivals = server.arrivals.slice(before);
  expect(arrivals).toHaveLength(count);
  expect(new Set(arrivals.map((arrival) => arrival.body)).size).toBe(count);
  return arrivals.map((arrival) => arrival.receivedAt);
}

describe('pacing, as the server sees it', () => {
  it('300 concurrent calls at maxRequestsPerSecond 100: at most 100 arrivals in any second', async () => {
    const arrivals = await burst(300, 100);
    expect(maxInAnyWindow(arrivals, 1000)).toBeLessThanOrEqual(100);
    // Three rounds of 100: the last cannot arrive before two windows have passed.
    expect(Math.max(...arrivals) - Math.min(...arrivals)).toBeGreaterThanOrEqual(2000);
  }, 60_000);

  it('1,500 concurrent calls at maxRequestsPerSecond 300: at most 300 arrivals in any second', async () => {
    const arrivals = await burst(1500, 300);
    expect(maxInAnyWindow(arrivals, 1000)).toBeLessThanOrEqual(300);
    expect(Math.max(...arrivals) - Math.min(...arrivals)).toBeGreaterThanOrEqual(4000);
  }, 120_000);
});
