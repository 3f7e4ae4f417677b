// BrazeClient.track merges bodies and splits them into requests within Braze's limits: exact
// bodies on the wire, each request-limit rule, the byte cap, bounded concurrency.
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

  it('merges many bodies, array by array, into requests of 75 objects in all', async () => {
    const requests = recordPosts(server, URL, success);
    // 100 bodies of one event each, plus 10 with an attributes object: 2 requests, not 110.
    const bodies: UsersTrackRequest[] = [
      ...range(100, (i) => ({ events: [event(i)] })),
      ...range(10, (i) => ({ attributes: [attributes(i)] })),
    ];
    const result = await braze({ maxConcurrentRequests: 1 }).track(bodies);
    expect(sent(requests)).toEqual([
      { attributes: range(10, attributes), events: range(65, event) },
      { events: range(35, event, 65) },
    ]);
    expect(result).toMatchObject({ ok: true, accepted: 110, requests: 2 });
    expect(result.bodies).toHaveLength(110);
    expect(result.bodies[0]).toEqual({ events: [{ status: 'accepted' }] });
    expect(result.bodies[105]).toEqual({ attributes: [{ status: 'accepted' }] });
  });

  const purchase = (i: number) => ({
    external_id: `user-${i}`,
    product_id: 'policy',
    currency: 'USD',
    price: 12.5,
    time: '2024-05-01T10:00:00.000Z',
  });

  it('by default, at most 75 objects per request in all: ceil(all / 75) requests', async () => {
    const requests = recordPosts(server, URL, success);
    const result = await braze({ maxConcurrentRequests: 1 }).track({
      attributes: range(80, attributes),
      events: range(60, event),
      purchases: range(10, purchase),
    });
    expect(sent(requests)).toEqual([
      { attributes: range(75, attributes) },
      {
        attributes: range(5, attributes, 75),
        events: range(60, event),
        purchases: range(10, purchase),
      },
    ]);
    expect(result).toMatchObject({ ok: true, accepted: 150, requests: 2 });
  });

  it("requestLimit '75-per-array' (legacy): each array is split on its own", async () => {
    const requests = recordPosts(server, URL, success);
    await braze({ requestLimit: '75-per-array', maxConcurrentRequests: 1 }).track({
      attributes: range(80, attributes),
      events: range(60, event),
      purchases: range(10, purchase),
    });
    expect(sent(requests)).toEqual([
      {
        attributes: range(75, attributes),
        events: range(60, event),
        purchases: range(10, purchase),
      },
      { attributes: range(5, attributes, 75) },
    ]);
  });

  it("requestLimit '50-combined': at most 50 objects per request, all arrays together", async () => {
    const requests = recordPosts(server, URL, success);
    const result = await braze({ requestLimit: '50-combined', maxConcurrentRequests: 1 }).track({
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

  it('maxObjectsPerRequest lowers the limit, counted as the rule counts', async () => {
    const requests = recordPosts(server, URL, success);
    await braze({ maxObjectsPerRequest: 10, maxConcurrentRequests: 1 }).track({
      attributes: range(5, attributes),
      events: range(20, event),
    });
    expect(sent(requests).map((body) => [body.attributes?.length, body.events?.length])).toEqual([
      [5, 5],
      [undefined, 10],
      [undefined, 5],
    ]);
    requests.length = 0;
    await braze({
      requestLimit: '75-per-array',
      maxObjectsPerRequest: 10,
      maxConcurrentRequests: 1,
    }).track({ attributes: range(5, attributes), events: range(20, event) });
    expect(sent(requests).map((body) => [body.attributes?.length, body.events?.length])).toEqual([
      [5, 10],
      [undefined, 10],
    ]);
  });

  it('keeps each request under 4 MB of JSON; an object too large for any goes alone', async () => {
    const requests = recordPosts(server, URL, success);
    // Attributes of ~980 KB each (ten nested values of 98 KB): four fit in 4 MB, five do not.
    const part = Array<string>(380).fill('x'.repeat(255));
    const parts = (count: number) => Object.fromEntries(range(count, (k) => [`part_${k}`, part]));
    const big = (i: number): BrazeAttributes => ({ external_id: `user-${i}`, ...parts(10) });
    const huge: BrazeAttributes = { external_id: 'user-huge', ...parts(45) };
    const result = await braze({ maxConcurrentRequests: 1 }).track({
      attributes: [...range(6, big), huge],
      events: range(3, event),
    });
    const bodies = sent(requests);
    expect(bodies.map((body) => [body.attributes?.length, body.events?.length])).toEqual([
      [4, 3],
      [2, undefined],
      [1, undefined],
    ]);
    expect(bodies[2]?.attributes?.[0]?.external_id).toBe('user-huge');
    const bytes = requests.map((request) => Buffer.byteLength(request.text));
    expect(bytes[0]).toBeLessThanOrEqual(4_000_000);
    expect(bytes[0]! + Buffer.byteLength(JSON.stringify(big(4)))).toBeGreaterThan(4_000_000);
    expect(bytes[1]).toBeLessThanOrEqual(4_000_000);
    expect(bytes[2]).toBeGreaterThan(4_000_000);
    expect(result).toMatchObject({ ok: true, accepted: 10, requests: 3 });
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
