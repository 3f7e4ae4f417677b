// Dogfooding: RegalClient against the Regal mock users get from regal-braze/testing.
import { failOnUnhandled } from '../support/msw.js';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  ConnectionError,
  RateLimitError,
  RegalClient,
  TimeoutError,
  ValidationError,
} from '../../src/index.js';
import { regalHandlers } from '../../src/testing/msw/index.js';

const regal = regalHandlers({ apiKey: 'kit-test-key' });
const server = setupServer(...regal.handlers);
beforeAll(() => server.listen(failOnUnhandled));
afterEach(() => regal.reset());
afterAll(() => server.close());

const client = (options = {}) => new RegalClient({ apiKey: 'kit-test-key', ...options });
const EVENT = { userId: 'user-1', traits: { phone: '+17625555555' }, name: 'Quote Requested' };

describe('RegalClient against regalHandlers()', () => {
  it('sends what the mock accepts: raw key, E.164 phone, eventSource', async () => {
    const result = await client({ defaultCountry: 'US' }).trackEvent({
      ...EVENT,
      traits: { phone: '(762) 555-5555' },
    });
    expect(result).toEqual({ status: 200, body: { message: 'ok' } });
    expect(regal.calls).toHaveLength(1);
    expect(regal.calls[0]!.headers.authorization).toBe('kit-test-key');
    expect(regal.calls[0]!.body).toEqual({ ...EVENT, eventSource: 'braze' });
  });

  it('a wrong key: AuthenticationError, not retried', async () => {
    const error = await client({ apiKey: 'other-key' })
      .trackEvent(EVENT)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).status).toBe(401);
    expect(regal.calls).toHaveLength(1);
  });

  it('a scripted 429 then 503 are retried, then the call succeeds', async () => {
    regal.queue({ status: 429, retryAfter: 0 }, { status: 503, retryAfter: 0 });
    await expect(client().trackEvent(EVENT)).resolves.toMatchObject({ status: 200 });
    expect(regal.calls.map((call) => call.status)).toEqual([429, 503, 200]);
  });

  it('429 on every attempt: RateLimitError after maxRetries', async () => {
    regal.queue({ status: 429 }, { status: 429 }, { status: 429 });
    const error = await client({ maxRetries: 2 })
      .trackEvent(EVENT)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).attempts).toBe(3);
  });

  it('a 400 is final and typed', async () => {
    regal.queue({ status: 400, body: { message: 'bad event' } });
    const error = await client()
      .trackEvent(EVENT)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, service: 'regal', body: { message: 'bad event' } });
    expect(regal.calls).toHaveLength(1);
  });

  it('network errors and slow answers: ConnectionError, TimeoutError', async () => {
    regal.queue({ networkError: true });
    await expect(client({ maxRetries: 0 }).trackEvent(EVENT)).rejects.toBeInstanceOf(
      ConnectionError,
    );
    regal.queue({ delayMs: 500 });
    await expect(client({ maxRetries: 0, timeout: 50 }).trackEvent(EVENT)).rejects.toBeInstanceOf(
      TimeoutError,
    );
  });

  it('invalid input never reaches the mock', async () => {
    await expect(client().createContact({ traits: { phone: '123' } })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(regal.calls).toHaveLength(0);
  });
});
