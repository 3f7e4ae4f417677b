// close(): stops accepting, flushes, and accounts for every accepted event (delivered or
// reported), under load and when Braze hangs past the timeout. Real servers on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest';
import { createWebhookHandler, ValidationError, type DeliveryFailure } from '../../src/index.js';
import {
  SECRET,
  startBridge,
  webhookRequest,
  type BridgeServer,
} from '../support/bridge-server.js';
import { startMockBraze, type MockBraze } from '../support/mock-braze.js';
import { countByExternalId, postAll, regalEvent, TRANSFORM } from '../support/regal-events.js';

let braze: MockBraze | undefined;
let bridge: BridgeServer | undefined;

afterEach(async () => {
  await bridge?.close();
  await braze?.close();
  bridge = braze = undefined;
});

function delivered(mock: MockBraze): Map<string, number> {
  return countByExternalId([...mock.accepted.attributes, ...mock.accepted.events]);
}

describe('close()', () => {
  it('during load: every accepted event is delivered exactly once or reported, none both', async () => {
    braze = await startMockBraze(() => ({
      status: 201,
      body: { message: 'success' },
      delayMs: 40,
    }));
    const failures: DeliveryFailure[] = [];
    bridge = await startBridge({
      braze: { apiKey: 'test-api-key', restEndpoint: braze.url, maxConcurrentRequests: 2 },
      transform: TRANSFORM,
      flushIntervalMs: 50,
      onDeliveryFailure: (failure) => void failures.push(failure),
    });
    const server = bridge;
    let closing: Promise<void> | undefined;
    const statuses = await postAll(1_000, 20, async (i) => {
      if (i === 500) closing = server.handler.close({ timeoutMs: 10_000 });
      return server.post(regalEvent(i));
    });
    await closing;

    const accepted = statuses.flatMap((status, i) => (status === 202 ? [i] : []));
    expect(accepted.length).toBeGreaterThanOrEqual(480);
    expect(statuses.filter((status) => status !== 202).every((status) => status === 503)).toBe(
      true,
    );
    const counts = delivered(braze);
    const reported = new Set(failures.map((failure) => failure.eventId));
    for (const i of accepted) {
      const times = counts.get(`user-${i}`) ?? 0;
      expect(times + (reported.has(`evt-${i}`) ? 1 : 0), `event ${i}`).toBe(1);
    }
    // Nothing refused reached Braze.
    expect(counts.size).toBe(accepted.length - reported.size);
    const stats = server.handler.stats();
    expect(stats.accepted).toBe(accepted.length);
    expect(stats.delivered + stats.failed).toBe(accepted.length);
    expect(stats).toMatchObject({ queued: 0, inFlight: 0, closing: true });
    // The queue drained within the timeout: nothing had to be given up.
    expect(failures).toEqual([]);
  });

  it('when Braze hangs past timeoutMs: every undelivered event is reported as closed', async () => {
    braze = await startMockBraze(() => ({ status: 201, delayMs: 5_000 }));
    const failures: DeliveryFailure[] = [];
    bridge = await startBridge({
      braze: { apiKey: 'test-api-key', restEndpoint: braze.url, maxConcurrentRequests: 1 },
      transform: TRANSFORM,
      flushIntervalMs: 0,
      onDeliveryFailure: (failure) => void failures.push(failure),
    });
    for (let i = 0; i < 10; i++) expect((await bridge.post(regalEvent(i))).status).toBe(202);
    const started = Date.now();
    await bridge.handler.close({ timeoutMs: 200 });
    expect(Date.now() - started).toBeLessThan(2_000);

    expect(failures.map((failure) => failure.eventId).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `evt-${i}`).sort(),
    );
    expect(failures.every((failure) => failure.kind === 'closed')).toBe(true);
    expect(new Set(failures.map((failure) => failure.reason))).toEqual(
      new Set([
        'close() timed out while its request to Braze was in flight (Braze may have processed it)',
        'close() timed out before the event was sent to Braze',
      ]),
    );
    expect(failures.find((failure) => failure.eventId === 'evt-0')?.event).toEqual(regalEvent(0));
    expect(bridge.handler.stats()).toMatchObject({ accepted: 10, delivered: 0, failed: 10 });
  });

  it('a batch sleeping in backoff after a 500 is reported as such, not as in flight', async () => {
    // Every answer a 500 asking to wait 30 s: after the first attempt, the batch sleeps.
    braze = await startMockBraze(() => ({
      status: 500,
      body: { message: 'internal error' },
      headers: { 'retry-after': '30' },
    }));
    const failures: DeliveryFailure[] = [];
    bridge = await startBridge({
      braze: { apiKey: 'test-api-key', restEndpoint: braze.url },
      transform: TRANSFORM,
      flushIntervalMs: 0,
      onDeliveryFailure: (failure) => void failures.push(failure),
    });
    expect((await bridge.post(regalEvent(0))).status).toBe(202);
    while (braze.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await bridge.handler.close({ timeoutMs: 100 });
    expect(braze.requests).toHaveLength(1);
    expect(failures.map((failure) => [failure.kind, failure.reason])).toEqual([
      [
        'closed',
        'close() timed out while its request to Braze waited to be retried, after 1 failed attempt(s)',
      ],
    ]);
    expect(failures[0]?.error).toMatchObject({ name: 'RequestAbortedError', phase: 'backoff' });
  });

  it('answers 503 once closing; close() twice is the same promise; flush() after close resolves', async () => {
    braze = await startMockBraze();
    bridge = await startBridge({
      braze: { apiKey: 'test-api-key', restEndpoint: braze.url },
      transform: TRANSFORM,
    });
    expect((await bridge.post(regalEvent(1))).status).toBe(202);
    const first = bridge.handler.close();
    expect(bridge.handler.close()).toBe(first);
    const refused = await bridge.post(regalEvent(2));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    await first;
    await bridge.handler.flush();
    expect(delivered(braze).get('user-1')).toBe(1);
    expect(delivered(braze).has('user-2')).toBe(false);
  });

  it('a bad timeoutMs is a ValidationError', async () => {
    braze = await startMockBraze();
    bridge = await startBridge({ braze: { apiKey: 'test-api-key', restEndpoint: braze.url } });
    await expect(bridge.handler.close({ timeoutMs: -1 })).rejects.toThrow(ValidationError);
  });

  it('resolves after its timeout even when onDeliveryFailure never settles', async () => {
    braze = await startMockBraze(() => ({ status: 500, body: { message: 'down' } }));
    const handler = createWebhookHandler({
      secret: SECRET,
      braze: { apiKey: 'braze-key', restEndpoint: braze.url, maxRetries: 0 },
      transform: TRANSFORM,
      flushIntervalMs: 0,
      maxEventAgeMs: 0,
      onDeliveryFailure: () => new Promise<void>(() => {}),
    });
    for (let i = 0; i < 3; i++) {
      expect((await handler(webhookRequest(regalEvent(i)))).status).toBe(202);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await handler.close({ timeoutMs: 200 });
    expect(Date.now() - started).toBeLessThan(2_500);
  });
});
