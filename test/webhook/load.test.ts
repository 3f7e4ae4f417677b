// The bridge under load, against a real mock Braze on 127.0.0.1: every accepted event reaches
// Braze exactly once (counted by external_id, which names the event), requests stay within 75
// objects in all and close to the minimum, even when Braze answers 503 and 429.
import { afterEach, describe, expect, it } from 'vitest';
import type { DeliveryFailure, UsersTrackRequest } from '../../src/index.js';
import { startBridge, type BridgeServer } from '../support/bridge-server.js';
import { flakyBraze, startMockBraze, type MockBraze } from '../support/mock-braze.js';
import {
  countByExternalId,
  expectedBody,
  postAll,
  regalEvent,
  TRANSFORM,
} from '../support/regal-events.js';

const EVENTS = 2_000;
const IN_FLIGHT = 20;

let braze: MockBraze | undefined;
let bridge: BridgeServer | undefined;

afterEach(async () => {
  await bridge?.close();
  await braze?.close();
  bridge = braze = undefined;
});

function allObjects(mock: MockBraze): Record<string, unknown>[] {
  return [...mock.accepted.attributes, ...mock.accepted.events, ...mock.accepted.purchases];
}

/** Posts the events, flushes, and checks every one reached Braze exactly once. */
async function deliverAndCheck(mock: MockBraze, server: BridgeServer): Promise<void> {
  const statuses = await postAll(EVENTS, IN_FLIGHT, (i) => server.post(regalEvent(i)));
  expect(statuses.every((status) => status === 202)).toBe(true);
  await server.handler.flush();

  const expected: UsersTrackRequest[] = Array.from({ length: EVENTS }, (_, i) =>
    expectedBody(regalEvent(i)),
  );
  const counts = countByExternalId(allObjects(mock));
  expect(counts.size).toBe(EVENTS);
  for (let i = 0; i < EVENTS; i++) expect(counts.get(`user-${i}`), `user-${i}`).toBe(1);
  // Not just the right ids: the very objects the transforms make.
  const sorted = (objects: unknown[]) => objects.map((object) => JSON.stringify(object)).sort();
  expect(sorted(mock.accepted.events)).toEqual(
    sorted(expected.flatMap((body) => body.events ?? [])),
  );
  expect(sorted(mock.accepted.attributes)).toEqual(
    sorted(expected.flatMap((body) => body.attributes ?? [])),
  );
  for (const request of mock.requests) {
    const objects = (request.body?.attributes?.length ?? 0) + (request.body?.events?.length ?? 0);
    expect(objects).toBeLessThanOrEqual(75);
  }
  expect(server.handler.stats()).toMatchObject({
    received: EVENTS,
    accepted: EVENTS,
    queued: 0,
    inFlight: 0,
    delivered: EVENTS,
    failed: 0,
  });
}

describe('the bridge under load', () => {
  it(`${EVENTS} webhooks, ${IN_FLIGHT} in flight: each event delivered exactly once, in close to the fewest requests`, async () => {
    braze = await startMockBraze();
    const failures: DeliveryFailure[] = [];
    bridge = await startBridge({
      braze: { apiKey: 'braze-key', restEndpoint: braze.url },
      transform: TRANSFORM,
      // Long enough that only full batches go out while posting (flush() sends the rest).
      flushIntervalMs: 2_000,
      onDeliveryFailure: (failure) => void failures.push(failure),
    });
    await deliverAndCheck(braze, bridge);
    expect(failures).toEqual([]);
    // 1,400 events and 600 attributes objects: at least ceil(2000 / 75) = 27 requests.
    const fewest = Math.ceil((mockCount(braze, 'events') + mockCount(braze, 'attributes')) / 75);
    expect(fewest).toBe(27);
    expect(braze.requests.length).toBeGreaterThanOrEqual(fewest);
    expect(braze.requests.length).toBeLessThanOrEqual(fewest + 2);
    expect(braze.concurrency.max).toBeLessThanOrEqual(4);
    expect(bridge.handler.stats().brazeRequests).toBe(braze.requests.length);
  });

  it('Braze answering 30% 503 and 10% 429: still each event exactly once', async () => {
    braze = await startMockBraze(flakyBraze({ unavailable: 0.3, rateLimited: 0.1, seed: 7 }));
    const failures: DeliveryFailure[] = [];
    bridge = await startBridge({
      // 0.4^31: a request failing every attempt is not going to happen.
      braze: { apiKey: 'braze-key', restEndpoint: braze.url, maxRetries: 30 },
      transform: TRANSFORM,
      flushIntervalMs: 250,
      onDeliveryFailure: (failure) => void failures.push(failure),
    });
    await deliverAndCheck(braze, bridge);
    expect(failures).toEqual([]);
    const refused = braze.requests.filter((request) => request.status >= 300);
    expect(refused.length).toBeGreaterThan(braze.requests.length * 0.25);
    expect(new Set(refused.map((request) => request.status))).toEqual(new Set([503, 429]));
    expect(bridge.handler.stats().brazeAttempts).toBe(braze.requests.length);
  });
});

describe('the bridge against a real mock Braze: what it refuses never reaches Braze', () => {
  it('duplicates by eventId forwarded once; wrong secret 401, bad JSON 400, oversized 413: nothing forwarded', async () => {
    braze = await startMockBraze();
    bridge = await startBridge({
      braze: { apiKey: 'braze-key', restEndpoint: braze.url },
      transform: TRANSFORM,
      maxBodyBytes: 8_192,
    });
    const server = bridge;
    // 200 distinct events, each posted 3 times, 20 at a time, plus refused requests mixed in.
    const statuses = await postAll(800, IN_FLIGHT, (n) => {
      const i = n % 200;
      if (n < 600) return server.post(regalEvent(i));
      if (n < 650) return server.post(regalEvent(1_000 + n), { authorization: 'Bearer wrong' });
      if (n < 700) return server.post(`{"name":"call.completed","userId":"user-${1_000 + n}"`);
      if (n < 750) return server.post({ ...regalEvent(1_000 + n), padding: 'x'.repeat(10_000) });
      // A valid envelope naming no contact Braze could identify.
      return server.post({
        name: 'sms.sent',
        originalTimestamp: '1657856000',
        eventId: `bad-${n}`,
      });
    });
    await server.handler.flush();

    expect(statuses.slice(0, 600).every((status) => status === 202)).toBe(true);
    expect(new Set(statuses.slice(600, 650))).toEqual(new Set([401]));
    expect(new Set(statuses.slice(650, 700))).toEqual(new Set([400]));
    expect(new Set(statuses.slice(700, 750))).toEqual(new Set([413]));
    expect(new Set(statuses.slice(750))).toEqual(new Set([400]));
    const counts = countByExternalId(allObjects(braze));
    expect(counts.size).toBe(200);
    for (let i = 0; i < 200; i++) expect(counts.get(`user-${i}`), `user-${i}`).toBe(1);
    expect(server.handler.stats()).toMatchObject({
      received: 800,
      accepted: 200,
      duplicates: 400,
      unauthorized: 50,
      invalid: 100,
      tooLarge: 50,
      delivered: 200,
      failed: 0,
    });
  });
});

function mockCount(mock: MockBraze, array: 'events' | 'attributes'): number {
  return mock.accepted[array].length;
}
