// BrazeClient.track merges bodies and splits them into requests within Braze's limits: exact
// bodies on the wire, the 50-combined mode, bounded concurrency.
import { delay, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  BrazeClient,
  type BrazeAttributes,
  type BrazeClientOptions,
  type BrazeEvent,
  type UsersTrackRequest,
} from '../../src/index.js';
import { recordPosts, useMsw } from '../support/msw.js';

const server = useMsw();
const ENDPOINT = 'https://rest.iad-01.braze.com';
const URL = `${ENDPOINT}/users/track`;

const success = () => HttpResponse.json({ message: 'success' }, { status: 201 });

function braze(options: BrazeClientOptions = {}) {
  return new BrazeClient({ apiKey: 'braze-test-key', restEndpoint: 'US-01', ...options });
}

function event(i: number): BrazeEvent {
  return { external_id: `user-${i}`, name: 'Call Completed', time: '2024-05-01T10:00:00.000Z' };
}

function attributes(i: number): BrazeAttributes {
  return { external_id: `user-${i}`, plan: `plan-${i}` };
}

function range<T>(count: number, make: (i: number) => T, from = 0): T[] {
  return Array.from({ length: count }, (_, i) => make(from + i));
}

function sent(requests: { text: string }[]): UsersTrackRequest[] {
  return requests.map((request) => JSON.parse(request.text) as UsersTrackRequest);
}

describe('BrazeClient.track splitting', () => {
  it('one body with 200 events: 3 requests of 75, 75 and 50 events, in order', async () => {
    const requests = recordPosts(server, URL, success);
    const result = await braze({ maxConcurrentRequests: 1 }).track({ events: range(200, event) });
    expect(sent(requests)).toEqual([
      { events: range(75, event) },
      { events: range(75, event, 75) },
      { events: range(50, event, 150) },
    ]);
    expect(result).toMatchObject({
      ok: true,
      accepted: 200,
      rejected: 0,
      failed: 0,
      requests: 3,
      attempts: 3,
      errors: [],
    });
    expect(result.bodies).toHaveLength(1);
    expect(result.bodies[0]?.events).toHaveLength(200);
    expect(result.bodies[0]?.events?.every((outcome) => outcome.status === 'accepted')).toBe(true);
  });

  it('sends the headers Braze expects to <endpoint>/users/track', async () => {
    const requests = recordPosts(server, URL, success);
    await braze().track({ events: [event(1)] });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      method: 'POST',
      url: URL,
      headers: {
        authorization: 'Bearer braze-test-key',
        'content-type': 'application/json',
        accept: 'application/json',
      },
      text: JSON.stringify({ events: [event(1)] }),
    });
    expect(requests[0]?.headers['user-agent']).toMatch(/^regal-braze\/\d+\.\d+\.\d+/);
  });

  it('merges many bodies, array by array, into as few requests as the limits allow', async () => {
    const requests = recordPosts(server, URL, success);
    // 100 bodies of one event each, plus 10 with an attributes object: 2 requests, not 110.
    const bodies: UsersTrackRequest[] = [
      ...range(100, (i) => ({ events: [event(i)] })),
      ...range(10, (i) => ({ attributes: [attributes(i)] })),
    ];
    const result = await braze({ maxConcurrentRequests: 1 }).track(bodies);
    expect(sent(requests)).toEqual([
      { attributes: range(10, attributes), events: range(75, event) },
      { events: range(25, event, 75) },
    ]);
    expect(result).toMatchObject({ ok: true, accepted: 110, requests: 2 });
    expect(result.bodies).toHaveLength(110);
    expect(result.bodies[0]).toEqual({ events: [{ status: 'accepted' }] });
    expect(result.bodies[105]).toEqual({ attributes: [{ status: 'accepted' }] });
  });

  it('each array is split on its own: 80 attributes and 10 purchases give 2 requests', async () => {
    const requests = recordPosts(server, URL, success);
    const purchase = (i: number) => ({
      external_id: `user-${i}`,
      product_id: 'policy',
      currency: 'USD',
      price: 12.5,
      time: '2024-05-01T10:00:00.000Z',
    });
    await braze({ maxConcurrentRequests: 1 }).track({
      attributes: range(80, attributes),
      purchases: range(10, purchase),
    });
    expect(sent(requests)).toEqual([
      { attributes: range(75, attributes), purchases: range(10, purchase) },
      { attributes: range(5, attributes, 75) },
    ]);
  });

  it('combinedLimit: at most 50 objects per request, all arrays together', async () => {
    const requests = recordPosts(server, URL, success);
    const result = await braze({ combinedLimit: true, maxConcurrentRequests: 1 }).track({
      attributes: range(60, attributes),
      events: range(60, event),
    });
    expect(sent(requests)).toEqual([
      { attributes: range(50, attributes) },
      { attributes: range(10, attributes, 50), events: range(40, event) },
      { events: range(20, event, 40) },
    ]);
    expect(result).toMatchObject({ ok: true, accepted: 120, requests: 3 });
  });

  it('maxObjectsPerRequest lowers the per-array limit', async () => {
    const requests = recordPosts(server, URL, success);
    await braze({ maxObjectsPerRequest: 10, maxConcurrentRequests: 1 }).track({
      events: range(25, event),
    });
    expect(sent(requests).map((body) => body.events?.length)).toEqual([10, 10, 5]);
  });

  it('never has more than maxConcurrentRequests requests in flight, across calls', async () => {
    let inFlight = 0;
    let most = 0;
    recordPosts(server, URL, async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await delay(15);
      inFlight--;
      return success();
    });
    const client = braze({ maxConcurrentRequests: 2 });
    const results = await Promise.all([
      client.track({ events: range(300, event) }),
      client.track({ events: range(300, event) }),
    ]);
    expect(results.map((result) => result.requests)).toEqual([4, 4]);
    expect(most).toBe(2);
  });

  it('does not modify the bodies it is given', async () => {
    recordPosts(server, URL, success);
    const body = { events: range(100, event) };
    const copy = structuredClone(body);
    await braze().track(body);
    expect(body).toEqual(copy);
  });
});
