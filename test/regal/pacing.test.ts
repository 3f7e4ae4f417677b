// Client-side pacing: a burst of 1,000 calls against a real local server with
// maxRequestsPerSecond: 200 never starts more than 200 requests in any one-second window.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegalClient } from '../../src/index.js';
import { startLocalServer, type LocalServer } from '../support/local-server.js';

let server: LocalServer;
beforeAll(async () => {
  server = await startLocalServer();
});
afterAll(() => server.close());

/** The largest number of starts in any window of `windowMs` (half-open: [t, t + windowMs)). */
function maxInAnyWindow(starts: readonly number[], windowMs: number): number {
  const sorted = [...starts].sort((a, b) => a - b);
  let max = 0;
  for (let first = 0, last = 0; last < sorted.length; last++) {
    while ((sorted[last] as number) - (sorted[first] as number) >= windowMs) first++;
    max = Math.max(max, last - first + 1);
  }
  return max;
}

describe('pacing', () => {
  it('1,000 concurrent calls at maxRequestsPerSecond 200: never more than 200 starts per second, all succeed', async () => {
    const starts: number[] = [];
    const regal = new RegalClient({
      apiKey: 'pacing-key',
      baseUrl: server.url,
      maxRequestsPerSecond: 200,
      maxRetries: 0,
      // Timestamps each request as it starts, i.e. when the SDK hands it to fetch.
      fetch: (request, init) => {
        starts.push(performance.now());
        return fetch(request, init);
      },
    });

    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, index) =>
        regal.trackEvent({ userId: `user-${index}`, name: 'Burst' }),
      ),
    );

    expect(results).toHaveLength(1000);
    expect(results.every((result) => result.status === 200)).toBe(true);
    expect(server.arrivals).toHaveLength(1000);
    expect(new Set(server.arrivals.map((arrival) => arrival.body)).size).toBe(1000);
    expect(starts).toHaveLength(1000);
    expect(maxInAnyWindow(starts, 1000)).toBe(200);
    // Five batches of 200: the last cannot start before four windows have passed.
    expect(Math.max(...starts) - Math.min(...starts)).toBeGreaterThanOrEqual(4000);
  });
});
