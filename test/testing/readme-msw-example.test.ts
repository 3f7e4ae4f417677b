// The msw example of the README's "Testing your integration", as users write it.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { BrazeClient } from 'regal-braze';
import { brazeHandlers } from 'regal-braze/testing/msw';

const braze = brazeHandlers({ apiKey: 'test-key' });
const server = setupServer(...braze.handlers);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' })); // msw 2: onUnhandledRequest
afterEach(() => braze.reset());
afterAll(() => server.close());

test('retries when Braze rate-limits', async () => {
  braze.queue({ status: 429, retryAfter: 0 }); // Retry-After and X-RateLimit-* headers
  const client = new BrazeClient({ apiKey: 'test-key', restEndpoint: 'US-01' }); // or your own code
  await client.track({
    events: [{ external_id: 'u-1', name: 'Signed Up', time: new Date().toISOString() }],
  });
  expect(braze.calls.map((call) => call.status)).toEqual([429, 201]);
});
