// Braze is waited out: a 429 pauses all delivery until its reset, an outage backs off, a refused
// key pauses delivery and says so; events become dead letters only after maxEventAgeMs. The
// pipeline runs on a clock 60 times faster than real time (a 120 s reset passes in 2 s), the
// queue on the same clock; Braze is a real server on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest';
import {
  createWebhookHandler,
  memoryQueue,
  type DeliveryFailure,
  type WebhookHandler,
  type WebhookHandlerOptions,
} from '../../src/index.js';
import type { Clock } from '../../src/webhook/delivery-pipeline.js';
import { CLOCK_OPTION } from '../../src/webhook/options.js';
import { SECRET, webhookRequest } from '../support/bridge-server.js';
import { startMockBraze, type MockBraze } from '../support/mock-braze.js';
import { countByExternalId, regalEvent, TRANSFORM } from '../support/regal-events.js';
import { until } from '../support/until.js';

const SPEED = 60;

function fastClock(): Clock {
  const start = Date.now();
  return {
    now: () => start + (Date.now() - start) * SPEED,
    setTimeout: (callback, ms) => setTimeout(callback, ms / SPEED),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let braze: MockBraze | undefined;
const handlers: WebhookHandler[] = [];
afterEach(async () => {
  await Promise.all(handlers.splice(0).map((handler) => handler.close({ timeoutMs: 1_000 })));
  await braze?.close();
  braze = undefined;
});

function bridge(mock: MockBraze, clock: Clock, options: WebhookHandlerOptions = {}) {
  const handler = createWebhookHandler({
    secret: SECRET,
    braze: { apiKey: 'braze-key-1', restEndpoint: mock.url, maxRetries: 0 },
    transform: TRANSFORM,
    flushIntervalMs: 0,
    queue: memoryQueue({ now: clock.now }),
    ...options,
    [CLOCK_OPTION]: clock,
  } as WebhookHandlerOptions);
  handlers.push(handler);
  return handler;
}

async function post(handler: WebhookHandler, from: number, count: number): Promise<void> {
  for (let i = from; i < from + count; i++) {
    const response = await handler(webhookRequest(regalEvent(i)));
    expect(response.status).toBe(202);
  }
}

function deliveredOnce(mock: MockBraze, count: number): void {
  const counts = countByExternalId([...mock.accepted.attributes, ...mock.accepted.events]);
  for (let i = 0; i < count; i++) expect(counts.get(`user-${i}`), `user-${i}`).toBe(1);
}

describe('waiting Braze out', () => {
  it('a 429 with a reset 120 s ahead: delivery pauses until the reset, nothing is dead-lettered, all delivered after', async () => {
    const clock = fastClock();
    let resetAt: number | undefined;
    const during: number[] = [];
    braze = await startMockBraze(() => {
      const now = clock.now();
      resetAt ??= now + 120_000;
      if (now < resetAt) {
        during.push(now);
        return {
          status: 429,
          headers: { 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 120) },
          body: { message: 'rate limited' },
        };
      }
      return undefined;
    });
    const failures: DeliveryFailure[] = [];
    const handler = bridge(braze, clock, {
      onDeliveryFailure: (failure) => void failures.push(failure),
    });
    await post(handler, 0, 20);
    await until(() => handler.stats().delivery === 'rate-limited');
    expect(handler.stats().pausedUntil).toBeGreaterThanOrEqual(resetAt! - 2_000);
    await until(() => handler.stats().delivered === 20);

    expect(failures).toEqual([]);
    deliveredOnce(braze, 20);
    // Only the batches already in flight when the first 429 came back met the limit: at most
    // one per request slot (4), none sent into the pause.
    expect(during.length).toBeGreaterThanOrEqual(1);
    expect(during.length).toBeLessThanOrEqual(4);
    expect(handler.stats()).toMatchObject({ failed: 0, delivery: 'delivering' });
    expect(handler.stats().retried).toBeGreaterThanOrEqual(1);
  });

  it('an outage of 500s: backs off (capped), one probe at a time, nothing dead-lettered, all delivered once it ends', async () => {
    const clock = fastClock();
    let outageEnds: number | undefined;
    const probes: number[] = [];
    braze = await startMockBraze(() => {
      const now = clock.now();
      outageEnds ??= now + 40_000;
      if (now < outageEnds) {
        probes.push(now);
        return { status: 500, body: { message: 'down' } };
      }
      return undefined;
    });
    const failures: DeliveryFailure[] = [];
    const lines: string[] = [];
    const handler = bridge(braze, clock, {
      onDeliveryFailure: (failure) => void failures.push(failure),
      logger: { warn: (message) => lines.push(message), info: (message) => lines.push(message) },
    });
    await post(handler, 0, 30);
    await until(() => handler.stats().delivered === 30);

    expect(failures).toEqual([]);
    deliveredOnce(braze, 30);
    // Back-off 1, 2, 4, 8, 16 s… during 40 s: a handful of probes, not a request per event.
    expect(probes.length).toBeLessThanOrEqual(12);
    expect(concurrencyDuring(braze)).toBeLessThanOrEqual(4);
    expect(lines.some((line) => line.startsWith('Braze unavailable: delivery backs off'))).toBe(
      true,
    );
    expect(lines).toContain('Braze accepts requests again: delivery resumed');
  });

  it('401: delivery pauses and says so (error log, stats), nothing dead-lettered; delivered once the key is accepted', async () => {
    const clock = fastClock();
    braze = await startMockBraze(() => ({ status: 401, body: { message: 'Invalid API key' } }));
    const failures: DeliveryFailure[] = [];
    const errors: string[] = [];
    const handler = bridge(braze, clock, {
      onDeliveryFailure: (failure) => void failures.push(failure),
      logger: { error: (message) => errors.push(message) },
    });
    await post(handler, 0, 5);
    await until(() => handler.stats().delivery === 'unauthorized');
    expect(errors.find((line) => line.startsWith('Braze refused the API key'))).toMatch(
      /^Braze refused the API key \(401\/403\): delivery paused, events wait in the queue; check BRAZE_API_KEY and its users.track permission \(next try in \d+ s\)$/,
    );
    expect(errors.join('\n')).not.toContain('braze-key-1');
    await sleep(300);
    expect(failures).toEqual([]);
    expect(handler.stats()).toMatchObject({ delivered: 0, failed: 0 });

    braze.respond(() => undefined);
    await until(() => handler.stats().delivered === 5);
    deliveredOnce(braze, 5);
    expect(handler.stats().delivery).toBe('delivering');
  });

  it('an event not delivered within maxEventAgeMs becomes a dead letter, with the reason', async () => {
    const clock = fastClock();
    braze = await startMockBraze(() => ({ status: 503, body: { message: 'down' } }));
    const failures: DeliveryFailure[] = [];
    const queue = memoryQueue({ now: clock.now });
    const handler = bridge(braze, clock, {
      queue,
      maxEventAgeMs: 60_000,
      onDeliveryFailure: (failure) => void failures.push(failure),
    });
    await post(handler, 0, 3);
    await until(() => failures.length === 3);
    for (const failure of failures) {
      expect(failure.kind).toBe('failed');
      expect(failure.reason).toMatch(
        /^not delivered within 1 min \(maxEventAgeMs\), \d+ attempt\(s\); last: Braze API answered 503: down$/,
      );
    }
    const letters = await queue.listDeadLetters();
    expect(letters.map((letter) => letter.eventId).sort()).toEqual(['evt-0', 'evt-1', 'evt-2']);
    expect(letters[0]!.attempts).toBeGreaterThan(1);
    expect(letters[0]!.event).toEqual(regalEvent(Number(letters[0]!.eventId!.slice(4))));
    // Replayed once Braze is back: delivered.
    braze.respond(() => undefined);
    await queue.replayDeadLetters();
    await until(() => braze!.accepted.events.length + braze!.accepted.attributes.length >= 3);
    deliveredOnce(braze, 3);
  });
});

function concurrencyDuring(mock: MockBraze): number {
  return mock.concurrency.max;
}
