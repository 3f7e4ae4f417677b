// Abort listeners: with 16 Braze requests in flight, no AbortSignal gathers a listener per
// request (Node prints MaxListenersExceededWarning past 10 on one signal). Counted by wrapping
// AbortSignal's addEventListener / removeEventListener for the duration of the test.
import { afterEach, describe, expect, it } from 'vitest';
import { createWebhookHandler, type WebhookHandler } from '../../src/index.js';
import { SECRET, webhookRequest } from '../support/bridge-server.js';
import { startMockBraze, type MockBraze } from '../support/mock-braze.js';
import { regalEvent, TRANSFORM } from '../support/regal-events.js';

const proto = AbortSignal.prototype;
const add = proto.addEventListener;
const remove = proto.removeEventListener;

let braze: MockBraze | undefined;
let handler: WebhookHandler | undefined;

afterEach(async () => {
  proto.addEventListener = add;
  proto.removeEventListener = remove;
  await handler?.close({ timeoutMs: 0 });
  await braze?.close();
  braze = handler = undefined;
});

/** Counts the abort listeners of each signal; `max` is the most one signal held at once. */
function countAbortListeners() {
  const live = new WeakMap<AbortSignal, Set<unknown>>();
  const seen = { max: 0 };
  proto.addEventListener = function (
    this: AbortSignal,
    type: string,
    listener: unknown,
    options?: unknown,
  ) {
    if (type === 'abort' && listener !== null) {
      let set = live.get(this);
      if (set === undefined) live.set(this, (set = new Set()));
      set.add(listener);
      seen.max = Math.max(seen.max, set.size);
    }
    return Reflect.apply(add, this, [type, listener, options]) as void;
  } as typeof add;
  proto.removeEventListener = function (
    this: AbortSignal,
    type: string,
    listener: unknown,
    options?: unknown,
  ) {
    if (type === 'abort') live.get(this)?.delete(listener);
    return Reflect.apply(remove, this, [type, listener, options]) as void;
  } as typeof remove;
  return seen;
}

describe('abort listeners', () => {
  it('16 requests in flight: at most 2 abort listeners on any one signal', async () => {
    braze = await startMockBraze(() => ({
      status: 201,
      body: { message: 'success' },
      delayMs: 200,
    }));
    handler = createWebhookHandler({
      secret: SECRET,
      transform: TRANSFORM,
      braze: {
        apiKey: 'abort-listeners-key-0123456789',
        restEndpoint: braze.url,
        maxConcurrentRequests: 16,
      },
      flushIntervalMs: 0,
    });
    const seen = countAbortListeners();
    for (let i = 0; i < 2_000; i++) {
      expect((await handler(webhookRequest(regalEvent(i)))).status).toBe(202);
    }
    await handler.flush();
    expect(handler.stats().delivered).toBe(2_000);
    expect(braze.concurrency.max).toBe(16);
    expect(seen.max).toBeGreaterThan(0);
    expect(seen.max).toBeLessThanOrEqual(2);
  });
});
