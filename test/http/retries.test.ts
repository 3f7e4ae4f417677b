// The retry loop of HttpClient: what is retried, how long it waits, when it stops.
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { ApiError, AuthenticationError, RateLimitError } from '../../src/errors/index.js';
import { HttpClient, type HttpClientOptions } from '../../src/http/http-client.js';
import { parseRateLimitReset, parseRetryAfter } from '../../src/http/retry.js';
import { recordPosts, statuses, useMsw } from '../support/msw.js';

const server = useMsw();
const BASE = 'https://api.example.test';

/** A client whose waits are recorded instead of slept. */
function client(overrides: Partial<HttpClientOptions> = {}) {
  const waits: number[] = [];
  const http = new HttpClient({
    service: 'braze',
    baseUrl: BASE,
    authorization: 'Bearer test-secret-token',
    userAgent: 'test-agent',
    timeout: 5_000,
    maxRetries: 2,
    random: () => 0,
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...overrides,
  });
  return { http, waits };
}

describe('HttpClient retries', () => {
  it('503, 503, 200: succeeds on the third attempt after 0.5 s and 1 s of backoff', async () => {
    const requests = recordPosts(server, `${BASE}/users/track`, statuses([503, 503, 200]));
    const { http, waits } = client();
    const response = await http.post('users/track', { a: 1 });
    expect(response).toMatchObject({ status: 200, body: { message: 'ok' }, attempts: 3 });
    expect(requests).toHaveLength(3);
    expect(requests.map((request) => request.text)).toEqual(Array(3).fill('{"a":1}'));
    expect(waits).toEqual([500, 1000]);
  });

  it('retries 408, 429 and 5xx', async () => {
    const requests = recordPosts(server, `${BASE}/x`, statuses([408, 429, 500, 502, 504, 200]));
    const { http } = client({ maxRetries: 5 });
    await expect(http.post('x', {})).resolves.toMatchObject({ status: 200, attempts: 6 });
    expect(requests).toHaveLength(6);
  });

  it('waits what Retry-After says (seconds), without jitter', async () => {
    recordPosts(server, `${BASE}/x`, statuses([429, 200], { 'retry-after': '2' }));
    const { http, waits } = client({ random: () => 0.9 });
    await expect(http.post('x', {})).resolves.toMatchObject({ attempts: 2 });
    expect(waits).toEqual([2000]);
  });

  it('waits until the HTTP date Retry-After gives', async () => {
    const at = new Date(Date.now() + 3_000);
    at.setMilliseconds(0);
    recordPosts(server, `${BASE}/x`, statuses([503, 200], { 'retry-after': at.toUTCString() }));
    const { http, waits } = client();
    await http.post('x', {});
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(1_000);
    expect(waits[0]).toBeLessThanOrEqual(3_000);
  });

  it('gives up at once, with RateLimitError.retryAfterMs, when Retry-After exceeds the cap', async () => {
    const requests = recordPosts(server, `${BASE}/x`, statuses([429], { 'retry-after': '120' }));
    const { http, waits } = client();
    const error = await http.post('x', {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, attempts: 1, retryAfterMs: 120_000 });
    expect(requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('throws RateLimitError after the last 429', async () => {
    const requests = recordPosts(server, `${BASE}/x`, statuses([429], { 'retry-after': '0' }));
    const { http } = client({ maxRetries: 1 });
    const error = await http.post('x', {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ service: 'braze', status: 429, attempts: 2, retryAfterMs: 0 });
    expect(requests).toHaveLength(2);
  });

  it('a per-service hook can wait for X-RateLimit-Reset (Braze)', async () => {
    const reset = Math.floor(Date.now() / 1000) + 2;
    recordPosts(server, `${BASE}/x`, statuses([429, 200], { 'x-ratelimit-reset': String(reset) }));
    const { http, waits } = client({
      retryDelay: (answer, now) =>
        parseRetryAfter(answer.headers, now) ??
        (answer.status === 429 ? parseRateLimitReset(answer.headers, now) : undefined),
    });
    await http.post('x', {});
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(1_000);
    expect(waits[0]).toBeLessThanOrEqual(2_000);
  });

  it.each([
    [400, ApiError],
    [401, AuthenticationError],
    [403, AuthenticationError],
    [404, ApiError],
    [409, ApiError],
    [422, ApiError],
  ])('does not retry %i', async (status, type) => {
    const requests = recordPosts(server, `${BASE}/x`, statuses([status], {}, { error: 'no' }));
    const { http, waits } = client();
    const error = await http.post('x', {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({ status, attempts: 1, body: { error: 'no' } });
    expect(requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('maxRetries: 0 (client or per call) sends once', async () => {
    const requests = recordPosts(server, `${BASE}/x`, statuses([503]));
    await expect(client({ maxRetries: 0 }).http.post('x', {})).rejects.toMatchObject({
      status: 503,
      attempts: 1,
    });
    await expect(client().http.post('x', {}, { maxRetries: 0 })).rejects.toMatchObject({
      attempts: 1,
    });
    expect(requests).toHaveLength(2);
  });

  it('per-call maxRetries overrides the client default', async () => {
    const requests = recordPosts(server, `${BASE}/x`, statuses([500]));
    await expect(client().http.post('x', {}, { maxRetries: 4 })).rejects.toMatchObject({
      status: 500,
      attempts: 5,
    });
    expect(requests).toHaveLength(5);
  });

  it('retries a network error with backoff', async () => {
    let calls = 0;
    const { http, waits } = client({
      fetch: async () => {
        calls++;
        if (calls < 3) throw new TypeError('fetch failed');
        return HttpResponse.json({ message: 'ok' });
      },
    });
    await expect(http.post('x', {})).resolves.toMatchObject({ status: 200, attempts: 3 });
    expect(waits).toEqual([500, 1000]);
  });
});
