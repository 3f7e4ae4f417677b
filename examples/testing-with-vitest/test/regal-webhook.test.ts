// Tests of the webhook handler with regal-braze/testing: realistic Regal events from the
// factories, Braze emulated by msw, every body checked against Braze's rules.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertValidUsersTrack, regalEvent } from 'regal-braze/testing';
import { brazeHandlers } from 'regal-braze/testing/msw';
import { createRegalWebhook } from '../src/regal-webhook.js';

const braze = brazeHandlers({ restEndpoint: 'https://rest.iad-01.braze.com', apiKey: 'test-key' });
const server = setupServer(...braze.handlers);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' })); // msw 2: onUnhandledRequest
afterEach(() => braze.reset());
afterAll(() => server.close());

const handle = createRegalWebhook({
  secret: 'regal-shared-secret',
  brazeEndpoint: 'https://rest.iad-01.braze.com',
  brazeApiKey: 'test-key',
  transformOptions: { subscriptionGroups: { voice: 'group-voice', sms: 'group-sms' } },
});

function deliver(event: unknown, secret = 'regal-shared-secret'): Promise<Response> {
  return handle(
    new Request('http://localhost/webhooks/regal', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-webhook-secret': secret },
      body: JSON.stringify(event),
    }),
  );
}

describe('the Regal webhook', () => {
  it('sends a completed call to Braze as a custom event', async () => {
    const event = regalEvent('call.completed', { userId: 'user-42' });

    expect((await deliver(event)).status).toBe(202);

    const [call] = braze.calls;
    assertValidUsersTrack(call?.body);
    expect(call.body.events?.[0]).toMatchObject({
      external_id: 'user-42',
      name: 'Call Completed',
      properties: { disposition: event.properties?.disposition },
    });
    expect(call.status).toBe(201);
  });

  it('unsubscribes the contact from the channel in Braze', async () => {
    const event = regalEvent('contact.unsubscribed', { properties: { channel: 'sms' } });

    await deliver(event);

    expect(braze.calls[0]?.body?.attributes?.[0]?.subscription_groups).toEqual([
      { subscription_group_id: 'group-sms', subscription_state: 'unsubscribed' },
    ]);
  });

  it('refuses a request without the shared secret, and sends nothing', async () => {
    expect((await deliver(regalEvent('sms.sent'), 'guess')).status).toBe(401);
    expect(braze.calls).toEqual([]);
  });

  it('refuses an event it cannot attribute to a contact', async () => {
    const anonymous = regalEvent('sms.received', {
      userId: undefined,
      traits: { phone: undefined, email: undefined },
    });

    const response = await deliver(anonymous);

    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      error: expect.stringContaining('no usable Braze identifier') as unknown,
    });
    expect(braze.calls).toEqual([]);
  });

  it('sends nothing for agent events', async () => {
    expect((await deliver(regalEvent('agent.activity.updated'))).status).toBe(204);
    expect(braze.calls).toEqual([]);
  });

  it('reports Braze rate limiting as a bad gateway', async () => {
    braze.queue({ status: 429, retryAfter: 1 });

    expect((await deliver(regalEvent('sms.sent'))).status).toBe(502);
    expect(braze.calls.map((call) => call.status)).toEqual([429]);
  });
});
