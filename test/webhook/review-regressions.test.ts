// Failure modes found in review, each pinned by a test: a close() that hung on a stuck failure
// callback, a dedup mark that outlived a failed delivery, retries hammering a passed rate-limit
// reset, redirects taken for delivery, Braze errors naming no object, and one refused batch
// failing every event in it.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ApiError,
  BrazeClient,
  createWebhookHandler,
  type DedupStore,
  type DeliveryFailure,
  type WebhookHandler,
} from '../../src/index.js';
import { SECRET, webhookRequest } from '../support/bridge-server.js';
import { startMockBraze, type MockBraze } from '../support/mock-braze.js';
import { expectedBody, regalEvent, TRANSFORM } from '../support/regal-events.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const opened: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((thing) => thing.close()));
});

async function mock(...args: Parameters<typeof startMockBraze>): Promise<MockBraze> {
  const braze = await startMockBraze(...args);
  opened.push(braze);
  return braze;
}

function bridge(braze: MockBraze, options: Parameters<typeof createWebhookHandler>[0] = {}) {
  const handler = createWebhookHandler({
    secret: SECRET,
    braze: { apiKey: 'braze-key', restEndpoint: braze.url, maxRetries: 0 },
    transform: TRANSFORM,
    flushIntervalMs: 0,
    ...options,
  });
  opened.push({ close: () => handler.close({ timeoutMs: 100 }) });
  return handler;
}

/** Events that map to one custom event each (no attributes). */
function customEvents(count: number) {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; out.length < count; i++) {
    const body = expectedBody(regalEvent(i));
    if (body.events !== undefined && body.attributes === undefined) out.push(regalEvent(i));
  }
  return out;
}

async function post(handler: WebhookHandler, events: Record<string, unknown>[]) {
  for (const event of events) expect((await handler(webhookRequest(event))).status).toBe(202);
}

describe('review regressions', () => {
  it('close() resolves after its timeout even when onDeliveryFailure never settles', async () => {
    const braze = await mock(() => ({ status: 500, body: { message: 'down' } }));
    const handler = bridge(braze, {
      maxEventAgeMs: 0,
      onDeliveryFailure: () => new Promise<void>(() => {}),
    });
    await post(handler, customEvents(3));
    await sleep(100);
    const started = Date.now();
    await handler.close({ timeoutMs: 200 });
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it('a dedup mark that lands late is still removed when delivery fails, so a replay is delivered', async () => {
    const keys = new Set<string>();
    const store: DedupStore = {
      has: (key) => keys.has(key),
      add: async (key) => {
        await sleep(1_200); // beyond the bridge's 1 s limit for store calls
        keys.add(key);
        return true;
      },
      delete: (key) => void keys.delete(key),
    };
    const braze = await mock(() => ({ status: 500, body: { message: 'down' } }));
    const failures: DeliveryFailure[] = [];
    const handler = bridge(braze, {
      dedupStore: store,
      maxEventAgeMs: 0,
      onDeliveryFailure: (f) => void failures.push(f),
    });
    const [event] = customEvents(1);
    await post(handler, [event!]);
    await handler.flush();
    await sleep(400);
    expect(failures.map((failure) => failure.kind)).toEqual(['failed']);
    expect([...keys]).toEqual([]);
    braze.respond(() => undefined);
    const replay = await handler(webhookRequest(failures[0]!.event));
    expect(await replay.json()).toMatchObject({ status: 'queued' });
  });

  it('a 429 whose X-RateLimit-Reset has passed backs off instead of retrying at once', async () => {
    const braze = await mock(() => ({
      status: 429,
      headers: { 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) - 5) },
      body: { message: 'slow down' },
    }));
    const client = new BrazeClient({ apiKey: 'braze-key', restEndpoint: braze.url, maxRetries: 1 });
    const started = Date.now();
    const result = await client.track({ events: [expectedBody(customEvents(1)[0]).events![0]!] });
    expect(result.ok).toBe(false);
    expect(braze.requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300); // backoff: 0.5 s minus up to 25 % jitter
  });

  it('a redirect is not followed: the request fails instead of counting a GET as delivered', async () => {
    const seen: string[] = [];
    const server = createServer((request, response) => {
      seen.push(`${request.method} ${request.url}`);
      if (request.url === '/users/track') {
        response.writeHead(302, { location: '/login' }).end();
      } else response.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    opened.push({ close: () => new Promise((resolve) => server.close(resolve)) });
    const { port } = server.address() as AddressInfo;
    const client = new BrazeClient({
      apiKey: 'braze-key',
      restEndpoint: `http://127.0.0.1:${port}`,
      maxRetries: 0,
    });
    const result = await client.track({ events: [expectedBody(customEvents(1)[0]).events![0]!] });
    expect(seen).toEqual(['POST /users/track']);
    expect(result).toMatchObject({ ok: false, failed: 1 });
    const [error] = result.errors;
    expect(error?.status === 'failed' && error.error).toBeInstanceOf(ApiError);
    expect(error?.status === 'failed' && (error.error as ApiError).status).toBe(302);
  });

  it('Braze errors that name no object are logged, and the objects count as accepted', async () => {
    const braze = await mock(() => ({
      status: 201,
      body: { message: 'success', errors: [{ type: 'mystery', input_array: 'events', index: 9 }] },
    }));
    const warnings: string[] = [];
    const client = new BrazeClient({
      apiKey: 'braze-key',
      restEndpoint: braze.url,
      logger: { warn: (message) => void warnings.push(message) },
    });
    const result = await client.track({ events: [expectedBody(customEvents(1)[0]).events![0]!] });
    expect(result).toMatchObject({ ok: true, accepted: 1 });
    expect(warnings).toEqual([
      'braze POST users/track: Braze listed 1 error(s) that name no object of the request of 1; counted as accepted (first: {"type":"mystery","input_array":"events","index":9})',
    ]);
  });

  it('a batch Braze refuses whole (413) is resent event by event: only the culprit fails', async () => {
    const events = customEvents(5);
    const culprit = `${(events[2] as { userId: string }).userId}`;
    const braze = await mock((request) => {
      const ids = (request.body?.events ?? []).map((object) => object.external_id);
      return ids.includes(culprit)
        ? { status: 413, body: { message: 'Max Input Length Exceeded' } }
        : undefined;
    });
    const failures: DeliveryFailure[] = [];
    const handler = bridge(braze, {
      flushIntervalMs: 50,
      onDeliveryFailure: (f) => void failures.push(f),
    });
    await Promise.all(events.map((event) => handler(webhookRequest(event))));
    await handler.flush();
    expect(failures.map((failure) => [failure.kind, failure.eventId])).toEqual([
      ['failed', events[2]!.eventId],
    ]);
    expect(braze.accepted.events.map((object) => object.external_id).sort()).toEqual(
      events
        .filter((_, i) => i !== 2)
        .map((event) => event.userId)
        .sort(),
    );
    expect(braze.requests.map((request) => request.status)).toEqual([413, 201, 201, 413, 201, 201]);
    expect(handler.stats()).toMatchObject({ delivered: 4, failed: 1 });
  });
});
