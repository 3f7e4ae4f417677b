// Dogfooding: the bridge fed with the kit's event factories, delivering to the kit's Braze mock.
import { failOnUnhandled } from '../support/msw.js';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookHandler, type DeliveryFailure } from '../../src/index.js';
import { assertValidUsersTrack, REGAL_EVENT_NAMES, regalEvent } from '../../src/testing/index.js';
import { brazeHandlers } from '../../src/testing/msw/index.js';

const braze = brazeHandlers({
  apiKey: 'kit-test-key',
  restEndpoint: 'https://rest.fra-02.braze.eu',
});
const server = setupServer(...braze.handlers);
beforeAll(() => server.listen(failOnUnhandled));
afterAll(() => server.close());

describe('the bridge, with regalEvent() in and brazeHandlers() out', () => {
  it('delivers every one of the 40 Regal events that concerns a contact, once, in valid bodies', async () => {
    const failures: DeliveryFailure[] = [];
    const bridge = createWebhookHandler({
      secret: 'webhook-secret-0a9b',
      braze: { apiKey: 'kit-test-key', restEndpoint: 'EU-02' },
      transform: { subscriptionGroups: { voice: 'g-voice', sms: 'g-sms', email: 'g-email' } },
      onDeliveryFailure: (failure) => void failures.push(failure),
    });
    const statuses: number[] = [];
    for (const name of REGAL_EVENT_NAMES) {
      const response = await bridge(
        new Request('http://bridge.test/regal', {
          method: 'POST',
          headers: {
            authorization: 'Bearer webhook-secret-0a9b',
            'content-type': 'application/json',
          },
          body: JSON.stringify(regalEvent(name)),
        }),
      );
      statuses.push(response.status);
    }
    await bridge.close();

    expect(statuses).toEqual(REGAL_EVENT_NAMES.map(() => 202));
    expect(failures).toEqual([]);
    const objects = braze.calls.flatMap((call) => {
      assertValidUsersTrack(call.body);
      return [...(call.body?.attributes ?? []), ...(call.body?.events ?? [])];
    });
    // 39 events name a contact (agent.activity.updated does not): one object each.
    expect(objects).toHaveLength(REGAL_EVENT_NAMES.length - 1);
    expect(braze.calls.every((call) => call.status === 201)).toBe(true);
    expect(braze.calls.length).toBeLessThanOrEqual(2);
  });
});
