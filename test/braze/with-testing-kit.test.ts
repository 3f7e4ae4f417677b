// Dogfooding: BrazeClient against the Braze mock users get from regal-braze/testing.
import { failOnUnhandled } from '../support/msw.js';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError, BrazeClient, RateLimitError } from '../../src/index.js';
import { regalEvent } from '../../src/testing/index.js';
import { brazeHandlers } from '../../src/testing/msw/index.js';
import { transformRegalEvent, type BrazeEvent } from '../../src/transforms/index.js';

const braze = brazeHandlers({
  apiKey: 'kit-test-key',
  restEndpoint: 'https://rest.iad-03.braze.com',
});
const server = setupServer(...braze.handlers);
beforeAll(() => server.listen(failOnUnhandled));
afterEach(() => braze.reset());
afterAll(() => server.close());

const client = (options = {}) =>
  new BrazeClient({ apiKey: 'kit-test-key', restEndpoint: 'US-03', ...options });

function events(count: number): BrazeEvent[] {
  return Array.from({ length: count }, (_, seed) => {
    const body = transformRegalEvent(regalEvent('sms.sent', {}, { seed: seed + 1 }))!;
    return body.events![0]!;
  });
}

describe('BrazeClient against brazeHandlers()', () => {
  it('splits 200 events into requests the mock accepts (it refuses over 75 in all)', async () => {
    const result = await client().track({ events: events(200) });
    expect(result).toMatchObject({ ok: true, accepted: 200, requests: 3 });
    expect(braze.calls.map((call) => call.body?.events?.length)).toEqual([75, 75, 50]);
    expect(braze.calls.every((call) => call.status === 201)).toBe(true);
    expect(braze.calls[0]!.headers.authorization).toBe('Bearer kit-test-key');
  });

  it('maps a partial success back to the caller’s objects', async () => {
    braze.queue({
      status: 201,
      body: {
        message: 'success',
        errors: [{ type: 'bad object', input_array: 'events', index: 1 }],
      },
    });
    const input = events(3);
    const result = await client().track({ events: input });
    expect(result).toMatchObject({ ok: false, accepted: 2, rejected: 1 });
    expect(result.errors).toEqual([
      {
        status: 'rejected',
        reason: 'bad object',
        body: 0,
        array: 'events',
        index: 1,
        object: input[1],
      },
    ]);
  });

  it('waits out a scripted 429 and succeeds; a persistent one is a failure with RateLimitError', async () => {
    braze.queue({ status: 429, retryAfter: 0 });
    await expect(client().track({ events: events(1) })).resolves.toMatchObject({
      ok: true,
      attempts: 2,
    });
    braze.reset();
    braze.queue({ status: 429 }, { status: 429 });
    const result = await client({ maxRetries: 1 }).track({ events: events(1) });
    expect(result).toMatchObject({ ok: false, failed: 1 });
    expect(result.errors[0]!.status === 'failed' && result.errors[0]!.error).toBeInstanceOf(
      RateLimitError,
    );
  });

  it('a wrong key: every object failed with AuthenticationError, one attempt', async () => {
    const result = await client({ apiKey: 'wrong-api-key' }).track({ events: events(2) });
    expect(result).toMatchObject({ ok: false, failed: 2, attempts: 1 });
    expect(result.errors[0]!.status === 'failed' && result.errors[0]!.error).toBeInstanceOf(
      AuthenticationError,
    );
  });
});
