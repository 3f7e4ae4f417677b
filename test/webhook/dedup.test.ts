// De-duplication on eventId (or event_id): a copy is acknowledged and not forwarded; an event is
// marked only once accepted; the mark is forgotten when nothing of the event reached Braze; a
// failing store fails open; a store shared by two handlers works across them.
import { afterEach, describe, expect, it } from 'vitest';
import {
  createWebhookHandler,
  MemoryDedupStore,
  ValidationError,
  type DedupStore,
  type DeliveryFailure,
  type WebhookHandler,
  type WebhookHandlerOptions,
} from '../../src/index.js';
import { brazeHandlers } from '../../src/testing/msw/braze-handlers.js';
import type { ScriptedReply } from '../../src/testing/msw/scripted-reply.js';
import { useMsw } from '../support/msw.js';
import { SECRET, webhookRequest } from '../support/bridge-server.js';
import { fixture } from '../support/fixtures.js';
import { regalEvent, TRANSFORM } from '../support/regal-events.js';

const server = useMsw();
const created: WebhookHandler[] = [];

/** The Braze double for this file: the testing kit's mock on the handlers' endpoint. */
function braze(...replies: ScriptedReply[]) {
  const mock = brazeHandlers({ restEndpoint: 'https://braze.test', apiKey: 'braze-key', replies });
  server.use(...mock.handlers);
  return mock;
}

afterEach(async () => {
  await Promise.all(created.splice(0).map((bridge) => bridge.close()));
});

function handler(options: WebhookHandlerOptions = {}) {
  const bridge = createWebhookHandler({
    secret: SECRET,
    braze: { apiKey: 'braze-key', restEndpoint: 'https://braze.test', maxRetries: 0 },
    transform: TRANSFORM,
    ...options,
  });
  created.push(bridge);
  return bridge;
}

async function post(bridge: WebhookHandler, event: unknown) {
  const response = await bridge(webhookRequest(event));
  return { status: response.status, body: (await response.json()) as unknown };
}

function sentEvents(requests: readonly { text: string }[]): unknown[] {
  return requests.flatMap((request) => {
    const body = JSON.parse(request.text) as { events?: unknown[]; attributes?: unknown[] };
    return [...(body.attributes ?? []), ...(body.events ?? [])];
  });
}

describe('de-duplication', () => {
  it('a second copy of an eventId is answered 202 duplicate and forwarded once', async () => {
    const { calls: requests } = braze();
    const bridge = handler();
    expect(await post(bridge, regalEvent(1))).toEqual({ status: 202, body: { status: 'queued' } });
    expect(await post(bridge, regalEvent(1))).toEqual({
      status: 202,
      body: { status: 'duplicate' },
    });
    await bridge.flush();
    expect(await post(bridge, regalEvent(1))).toEqual({
      status: 202,
      body: { status: 'duplicate' },
    });
    await bridge.flush();
    expect(sentEvents(requests)).toHaveLength(1);
    expect(bridge.stats()).toMatchObject({ accepted: 1, duplicates: 2, delivered: 1 });
  });

  it('snake_case event_id (variant envelope) counts too', async () => {
    const { calls: requests } = braze();
    const bridge = handler();
    const event = fixture('call.analysis.available');
    expect((await post(bridge, event)).body).toEqual({ status: 'queued' });
    expect((await post(bridge, event)).body).toEqual({ status: 'duplicate' });
    await bridge.flush();
    expect(sentEvents(requests)).toHaveLength(1);
  });

  it('two copies arriving at once: one queued, one duplicate', async () => {
    const { calls: requests } = braze();
    const bridge = handler();
    const answers = await Promise.all([post(bridge, regalEvent(5)), post(bridge, regalEvent(5))]);
    expect(answers.map((answer) => answer.body)).toEqual(
      expect.arrayContaining([{ status: 'queued' }, { status: 'duplicate' }]),
    );
    await bridge.flush();
    expect(sentEvents(requests)).toHaveLength(1);
  });

  it('an eventId that reads "duplicate" is an id like any other', async () => {
    const { calls: requests } = braze();
    const bridge = handler();
    const event = { ...regalEvent(1), eventId: 'duplicate' };
    expect((await post(bridge, event)).body).toEqual({ status: 'queued' });
    expect((await post(bridge, event)).body).toEqual({ status: 'duplicate' });
    await bridge.flush();
    expect(sentEvents(requests)).toHaveLength(1);
  });

  it('events without an eventId are all forwarded', async () => {
    const { calls: requests } = braze();
    const bridge = handler();
    const event = fixture('call.completed'); // the seed payload has no eventId
    expect(event.eventId).toBeUndefined();
    await post(bridge, event);
    await post(bridge, event);
    await bridge.flush();
    expect(sentEvents(requests)).toHaveLength(2);
  });

  it('an event refused with 400 is not marked: a corrected copy with the same id is queued', async () => {
    const { calls: requests } = braze();
    const bridge = handler();
    const broken = { ...regalEvent(2), originalTimestamp: 'never' };
    expect((await post(bridge, broken)).status).toBe(400);
    expect((await post(bridge, regalEvent(2))).body).toEqual({ status: 'queued' });
    await bridge.flush();
    expect(sentEvents(requests)).toHaveLength(1);
  });

  it('dedupStore: false forwards every copy', async () => {
    const { calls: requests } = braze();
    const bridge = handler({ dedupStore: false });
    await post(bridge, regalEvent(1));
    await post(bridge, regalEvent(1));
    await bridge.flush();
    expect(sentEvents(requests)).toHaveLength(2);
  });

  it('a store shared by two handlers (two instances) recognises copies across them', async () => {
    const { calls: requests } = braze();
    const store = new MemoryDedupStore();
    const first = handler({ dedupStore: store });
    const second = handler({ dedupStore: store });
    expect((await post(first, regalEvent(8))).body).toEqual({ status: 'queued' });
    expect((await post(second, regalEvent(8))).body).toEqual({ status: 'duplicate' });
    await Promise.all([first.flush(), second.flush()]);
    expect(sentEvents(requests)).toHaveLength(1);
  });

  it('a store whose add says "already there" (SET NX lost the race) makes it a duplicate', async () => {
    braze();
    const store: DedupStore = { has: () => false, add: async () => false, delete: () => undefined };
    expect((await post(handler({ dedupStore: store }), regalEvent(1))).body).toEqual({
      status: 'duplicate',
    });
  });

  it('the mark is forgotten when nothing of the event reached Braze: a replay is delivered', async () => {
    const { calls: requests } = braze({ status: 400, body: { message: 'bad request' } });
    const failures: DeliveryFailure[] = [];
    const store = new MemoryDedupStore();
    const bridge = handler({ dedupStore: store, onDeliveryFailure: (f) => void failures.push(f) });
    await post(bridge, regalEvent(4));
    await bridge.flush();
    expect(failures.map((failure) => failure.eventId)).toEqual(['evt-4']);
    expect(store.has('evt-4')).toBe(false);
    expect((await post(bridge, regalEvent(4))).body).toEqual({ status: 'queued' });
    await bridge.flush();
    expect(requests).toHaveLength(2);
    expect(store.has('evt-4')).toBe(true);
  });

  it('an event whose only object Braze refused: reported as rejected, its mark forgotten', async () => {
    // (An event mapping to several objects, of which Braze took some, keeps its mark: see
    // delivery-pipeline.test.ts.)
    braze({
      status: 201,
      body: { message: 'success', errors: [{ type: 'bad', input_array: 'attributes', index: 0 }] },
    });
    const failures: DeliveryFailure[] = [];
    const store = new MemoryDedupStore();
    const bridge = handler({ dedupStore: store, onDeliveryFailure: (f) => void failures.push(f) });
    await post(bridge, regalEvent(1)); // contact.attribute.edited: 1 attributes object
    await post(bridge, regalEvent(3)); // contact.experiment.assigned: 1 event object
    await bridge.flush();
    // Only regalEvent(1)'s object was refused, and it was its only object: forgotten.
    expect(failures.map((failure) => [failure.eventId, failure.kind])).toEqual([
      ['evt-1', 'rejected'],
    ]);
    expect(store.has('evt-1')).toBe(false);
    expect(store.has('evt-3')).toBe(true);
  });

  it('a store that throws fails open: the event is forwarded and a warning logged', async () => {
    const { calls: requests } = braze();
    const warnings: string[] = [];
    const broken: DedupStore = {
      has: async () => {
        throw new Error('ECONNREFUSED 10.0.0.5:6379');
      },
      add: async () => true,
      delete: async () => undefined,
    };
    const bridge = handler({ dedupStore: broken, logger: { warn: (m) => warnings.push(m) } });
    expect((await post(bridge, regalEvent(1))).body).toEqual({ status: 'queued' });
    expect((await post(bridge, regalEvent(1))).body).toEqual({ status: 'queued' });
    await bridge.flush();
    expect(sentEvents(requests)).toHaveLength(2);
    expect(warnings).toEqual([
      'dedupStore.has failed, event handled as new: ECONNREFUSED 10.0.0.5:6379',
      'dedupStore.has failed, event handled as new: ECONNREFUSED 10.0.0.5:6379',
    ]);
  });

  it('a store whose delete fails: warned, and the failure is still reported', async () => {
    braze({ status: 400, body: { message: 'bad' } });
    const warnings: string[] = [];
    const failures: DeliveryFailure[] = [];
    const store: DedupStore = {
      has: () => false,
      add: () => true,
      delete: async () => {
        throw new Error('READONLY replica');
      },
    };
    const bridge = handler({
      dedupStore: store,
      logger: { warn: (m) => warnings.push(m) },
      onDeliveryFailure: (failure) => void failures.push(failure),
    });
    await post(bridge, regalEvent(6));
    await bridge.flush();
    expect(warnings).toContain(
      'dedupStore.delete failed, the event stays marked as seen: READONLY replica',
    );
    expect(failures.map((failure) => failure.eventId)).toEqual(['evt-6']);
  });

  it('a store that does not answer within a second fails open', async () => {
    braze();
    const warnings: string[] = [];
    const hanging: DedupStore = {
      has: () => new Promise<boolean>(() => undefined),
      add: () => true,
      delete: () => undefined,
    };
    const bridge = handler({ dedupStore: hanging, logger: { warn: (m) => warnings.push(m) } });
    const started = Date.now();
    expect((await post(bridge, regalEvent(1))).body).toEqual({ status: 'queued' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    expect(warnings).toEqual([
      'dedupStore.has failed, event handled as new: no answer within 1000 ms',
    ]);
  });

  it('eventIds longer than 256 characters are not remembered', async () => {
    const { calls: requests } = braze();
    const bridge = handler();
    const event = { ...regalEvent(1), eventId: 'x'.repeat(257) };
    await post(bridge, event);
    await post(bridge, event);
    await bridge.flush();
    expect(sentEvents(requests)).toHaveLength(2);
  });

  it('dedupWindowMs is the time-to-live given to the store', async () => {
    braze();
    const ttls: number[] = [];
    const store: DedupStore = {
      has: () => false,
      add: (_key, ttlMs) => void ttls.push(ttlMs),
      delete: () => undefined,
    };
    await post(handler({ dedupStore: store }), regalEvent(1));
    await post(handler({ dedupStore: store, dedupWindowMs: 86_400_000 }), regalEvent(2));
    expect(ttls).toEqual([3_600_000, 86_400_000]);
  });

  it('a mark that lands late is still removed when delivery fails, so a replay is delivered', async () => {
    const keys = new Set<string>();
    const store: DedupStore = {
      has: (key) => keys.has(key),
      add: async (key) => {
        await new Promise((resolve) => setTimeout(resolve, 1_200)); // beyond the 1 s limit
        keys.add(key);
        return true;
      },
      delete: (key) => void keys.delete(key),
    };
    braze({ status: 500, body: { message: 'down' } });
    const failures: DeliveryFailure[] = [];
    const bridge = handler({
      dedupStore: store,
      flushIntervalMs: 0,
      maxEventAgeMs: 0,
      onDeliveryFailure: (f) => void failures.push(f),
    });
    expect((await post(bridge, regalEvent(0))).status).toBe(202);
    await bridge.flush();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(failures.map((failure) => failure.kind)).toEqual(['failed']);
    expect([...keys]).toEqual([]);
    expect((await post(bridge, failures[0]!.event)).body).toMatchObject({ status: 'queued' });
  });
});

describe('MemoryDedupStore', () => {
  it('holds a key for its ttl, then forgets it', () => {
    let now = 1_000;
    const store = new MemoryDedupStore({ now: () => now });
    expect(store.add('a', 100)).toBe(true);
    expect(store.add('a', 100)).toBe(false);
    now = 1_099;
    expect(store.has('a')).toBe(true);
    now = 1_100;
    expect(store.has('a')).toBe(false);
    expect(store.add('a', 100)).toBe(true);
  });

  it('beyond maxEntries, forgets the oldest first', () => {
    const store = new MemoryDedupStore({ maxEntries: 3 });
    for (const key of ['a', 'b', 'c', 'd']) store.add(key, 60_000);
    expect(store.size).toBe(3);
    expect(['a', 'b', 'c', 'd'].map((key) => store.has(key))).toEqual([false, true, true, true]);
  });

  it('evicts expired keys as new ones come', () => {
    let now = 0;
    const store = new MemoryDedupStore({ now: () => now });
    for (let i = 0; i < 100; i++) store.add(`k${i}`, 10);
    now = 50;
    store.add('fresh', 10);
    expect(store.size).toBe(1);
  });

  it('delete forgets a key', () => {
    const store = new MemoryDedupStore();
    store.add('a', 60_000);
    store.delete('a');
    expect(store.has('a')).toBe(false);
  });

  it('bad options are a ValidationError, like every other option of the SDK', () => {
    expect(() => new MemoryDedupStore({ maxEntries: 0 })).toThrow(
      new ValidationError('MemoryDedupStore options', [
        { path: ['maxEntries'], message: 'must be a whole number, 1 or more' },
      ]),
    );
    expect(() => new MemoryDedupStore({ maxEntries: 0 })).toThrow(
      'Invalid MemoryDedupStore options: maxEntries: must be a whole number, 1 or more',
    );
    expect(() => new MemoryDedupStore({ now: 5 as never })).toThrow(ValidationError);
  });
});
