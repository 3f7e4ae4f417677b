// RegalClient's retry behaviour through its public API (msw; Retry-After: 0 keeps it fast).
import { delay, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  RateLimitError,
  RegalClient,
  TimeoutError,
  type LogFields,
  type RegalClientOptions,
} from '../../src/index.js';
import { recordPosts, statuses, useMsw } from '../support/msw.js';

const server = useMsw();
const URL = 'https://events.regalvoice.com/events';
const EVENT = { userId: 'u-1', name: 'Signed Up' };

function regal(options: RegalClientOptions = {}) {
  const warnings: [string, LogFields | undefined][] = [];
  const client = new RegalClient({
    apiKey: 'retry-key',
    logger: { warn: (message, fields) => warnings.push([message, fields]) },
    ...options,
  });
  return { client, warnings };
}

describe('RegalClient retries', () => {
  it('503, 503, 200: resolves after 3 attempts, the same body each time', async () => {
    const requests = recordPosts(server, URL, statuses([503, 503, 200], { 'retry-after': '0' }));
    const { client } = regal();
    await expect(client.trackEvent(EVENT)).resolves.toEqual({
      status: 200,
      body: { message: 'ok' },
    });
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((request) => request.text)).size).toBe(1);
  });

  it('429 with Retry-After: waits what the server asked', async () => {
    const requests = recordPosts(server, URL, statuses([429, 200], { 'retry-after': '1' }));
    const { client, warnings } = regal();
    const started = performance.now();
    await client.trackEvent(EVENT);
    // Timers may fire up to a millisecond early; the wait itself is asserted through the log.
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    expect(requests).toHaveLength(2);
    expect(warnings).toEqual([
      [
        'regal POST events: retrying in 1000 ms',
        {
          service: 'regal',
          url: URL,
          attempt: 1,
          maxRetries: 2,
          reason: 'status 429',
          delayMs: 1000,
        },
      ],
    ]);
  });

  it('429 on every attempt: RateLimitError after maxRetries + 1 attempts', async () => {
    const requests = recordPosts(
      server,
      URL,
      statuses([429], { 'retry-after': '0' }, { message: 'slow down' }),
    );
    const error = await regal()
      .client.trackEvent(EVENT)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({
      service: 'regal',
      status: 429,
      attempts: 3,
      retryAfterMs: 0,
      body: { message: 'slow down' },
    });
    expect(requests).toHaveLength(3);
  });

  it('400 is final: ApiError with the body, one attempt', async () => {
    const requests = recordPosts(server, URL, statuses([400], {}, { message: 'bad traits' }));
    const error = await regal()
      .client.trackEvent(EVENT)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).not.toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({
      status: 400,
      service: 'regal',
      body: { message: 'bad traits' },
      attempts: 1,
    });
    expect((error as Error).message).toBe('Regal API answered 400: bad traits');
    expect(requests).toHaveLength(1);
  });

  it('401 is final: AuthenticationError, one attempt', async () => {
    const requests = recordPosts(server, URL, statuses([401], {}, { message: 'Unauthorized' }));
    const error = await regal()
      .client.createContact({ traits: { email: 'a@b.co' } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, service: 'regal', attempts: 1 });
    expect((error as Error).message).toBe('Regal API refused the API key (401): check the key');
    expect(requests).toHaveLength(1);
  });

  it('timeout: TimeoutError once every attempt timed out', async () => {
    const requests = recordPosts(server, URL, async () => {
      await delay(2_000);
      return HttpResponse.json({ message: 'ok' });
    });
    const error = await regal({ timeout: 40, maxRetries: 1 })
      .client.trackEvent(EVENT)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ service: 'regal', timeoutMs: 40, attempts: 2 });
    expect(requests).toHaveLength(2);
  });

  it('maxRetries: 0 sends a custom event once, even on 503 (no duplicate risk)', async () => {
    const requests = recordPosts(server, URL, statuses([503], { 'retry-after': '0' }));
    await expect(regal({ maxRetries: 0 }).client.trackEvent(EVENT)).rejects.toMatchObject({
      status: 503,
      attempts: 1,
    });
    await expect(regal().client.trackEvent(EVENT, { maxRetries: 0 })).rejects.toMatchObject({
      attempts: 1,
    });
    expect(requests).toHaveLength(2);
  });
});
