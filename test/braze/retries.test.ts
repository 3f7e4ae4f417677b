// BrazeClient retries: 429 waits for X-RateLimit-Reset (or Retry-After), 5xx backs off, other
// 4xx are final; a failed request is reported per object, the other requests still delivered.
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  BrazeClient,
  ConnectionError,
  RateLimitError,
  RequestAbortedError,
  type BrazeClientOptions,
  type BrazeEvent,
  type LogFields,
} from '../../src/index.js';
import { recordPosts, statuses, useMsw } from '../support/msw.js';

const server = useMsw();
const URL = 'https://rest.iad-03.braze.com/users/track';

function event(i: number): BrazeEvent {
  return { external_id: `user-${i}`, name: 'Call Completed', time: '2024-05-01T10:00:00.000Z' };
}

function braze(options: BrazeClientOptions = {}) {
  return new BrazeClient({ apiKey: 'test-api-key', restEndpoint: 'US-03', ...options });
}

describe('BrazeClient retries', () => {
  it('429 with X-RateLimit-Reset: waits until the reset second, then succeeds', async () => {
    let reset = 0;
    const arrivals: number[] = [];
    const requests = recordPosts(server, URL, (index) => {
      arrivals.push(Date.now());
      // An epoch second at least 300 ms ahead, so that the wait cannot round down to nothing.
      reset = Math.ceil((Date.now() + 300) / 1000);
      return index === 0
        ? HttpResponse.json(
            { message: 'Rate limit exceeded' },
            {
              status: 429,
              headers: {
                'x-ratelimit-limit': '250000',
                'x-ratelimit-remaining': '0',
                'x-ratelimit-reset': String(reset),
              },
            },
          )
        : HttpResponse.json({ message: 'success' }, { status: 201 });
    });
    const waits: LogFields[] = [];
    const result = await braze({
      logger: { warn: (_message, fields) => waits.push(fields ?? {}) },
    }).track({ events: [event(1)] });
    expect(result).toMatchObject({ ok: true, accepted: 1, requests: 1, attempts: 2 });
    expect(requests).toHaveLength(2);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toMatchObject({ reason: 'status 429', attempt: 1 });
    expect(waits[0]?.delayMs).toBeGreaterThanOrEqual(250);
    expect(waits[0]?.delayMs).toBeLessThanOrEqual(1_300);
    // The retry came once the window had reset (the reset second computed for the first answer).
    expect(arrivals[1]).toBeGreaterThanOrEqual(Math.ceil((arrivals[0]! + 300) / 1000) * 1000);
  });

  it('429 with Retry-After: 0 is retried at once; still 429 after maxRetries: RateLimitError per object', async () => {
    const requests = recordPosts(server, URL, statuses([429], { 'retry-after': '0' }));
    const result = await braze({ maxRetries: 3 }).track({ events: [event(1), event(2)] });
    expect(requests).toHaveLength(4);
    expect(result).toMatchObject({ ok: false, accepted: 0, failed: 2, requests: 1, attempts: 4 });
    const error = result.errors[0]?.status === 'failed' ? result.errors[0].error : undefined;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ service: 'braze', status: 429, attempts: 4, retryAfterMs: 0 });
    // One error object for the whole request.
    expect(result.errors[1]).toMatchObject({ status: 'failed', error });
  });

  it('5xx without Retry-After: backs off (375-500 ms), retries, then succeeds', async () => {
    const arrivals: number[] = [];
    const answer = statuses([503, 201]);
    const requests = recordPosts(server, URL, (index, request) => {
      arrivals.push(Date.now());
      return answer(index, request);
    });
    const result = await braze({ maxRetries: 2 }).track({ events: [event(1)] });
    expect(requests).toHaveLength(2);
    expect(result).toMatchObject({ ok: true, attempts: 2 });
    expect((arrivals[1] as number) - (arrivals[0] as number)).toBeGreaterThanOrEqual(370);
  });

  it('5xx with Retry-After is retried after that delay, not the backoff', async () => {
    const requests = recordPosts(server, URL, statuses([500, 201], { 'retry-after': '0' }));
    const started = Date.now();
    await expect(braze().track({ events: [event(1)] })).resolves.toMatchObject({ ok: true });
    expect(requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(400); // the backoff would be 375-500 ms
  });

  it('400 is final: one attempt, ApiError with Braze message on every object of the request', async () => {
    const requests = recordPosts(
      server,
      URL,
      statuses([400], {}, { message: 'Max Input Length Exceeded' }),
    );
    const result = await braze().track({ events: [event(1)] });
    expect(requests).toHaveLength(1);
    const failure = result.errors[0];
    expect(failure).toMatchObject({ status: 'failed', body: 0, array: 'events', index: 0 });
    const error = failure?.status === 'failed' ? failure.error : undefined;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, service: 'braze', attempts: 1 });
    expect(error?.message).toBe('Braze API answered 400: Max Input Length Exceeded');
  });

  it('401 is final: AuthenticationError mentioning the users.track permission', async () => {
    const requests = recordPosts(server, URL, statuses([401], {}, { message: 'Invalid API key' }));
    const result = await braze().track({ events: [event(1)] });
    expect(requests).toHaveLength(1);
    const error = result.errors[0]?.status === 'failed' ? result.errors[0].error : undefined;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error?.message).toBe(
      'Braze API refused the API key (401): check the key and that it has the users.track permission',
    );
  });

  it('one of three requests fails: the other two are delivered, the failure is per object', async () => {
    // One request at a time: the second one gets a 400.
    let calls = 0;
    server.use(
      http.post(URL, () =>
        calls++ === 1
          ? HttpResponse.json({ message: 'bad' }, { status: 400 })
          : HttpResponse.json({ message: 'success' }, { status: 201 }),
      ),
    );
    const events = Array.from({ length: 160 }, (_, i) => event(i));
    const result = await braze({ maxConcurrentRequests: 1 }).track({ events });
    expect(result).toMatchObject({ ok: false, accepted: 85, failed: 75, requests: 3 });
    expect(result.errors.map((error) => error.index)).toEqual(
      Array.from({ length: 75 }, (_, i) => 75 + i),
    );
    expect(result.errors.map((error) => error.object)).toEqual(events.slice(75, 150));
  });

  it('network failure after retries: ConnectionError per object', async () => {
    server.use(http.post(URL, () => HttpResponse.error()));
    const result = await braze({ maxRetries: 0 }).track({ events: [event(1)] });
    const error = result.errors[0]?.status === 'failed' ? result.errors[0].error : undefined;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ service: 'braze', attempts: 1 });
  });

  it('an aborted signal fails the requests not yet answered with RequestAbortedError', async () => {
    const requests = recordPosts(server, URL, statuses([201]));
    const controller = new AbortController();
    controller.abort();
    const result = await braze().track({ events: [event(1)] }, { signal: controller.signal });
    expect(requests).toHaveLength(0);
    expect(result).toMatchObject({ ok: false, failed: 1, attempts: 0 });
    const error = result.errors[0]?.status === 'failed' ? result.errors[0].error : undefined;
    expect(error).toBeInstanceOf(RequestAbortedError);
  });

  it('429 whose X-RateLimit-Reset has passed: backs off instead of retrying at once', async () => {
    const requests = recordPosts(server, URL, () =>
      HttpResponse.json(
        { message: 'slow down' },
        {
          status: 429,
          headers: { 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) - 5) },
        },
      ),
    );
    const started = Date.now();
    const result = await braze({ maxRetries: 1 }).track({ events: [event(0)] });
    expect(result.ok).toBe(false);
    expect(requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300); // backoff: 0.5 s minus up to 25 % jitter
  });
});
