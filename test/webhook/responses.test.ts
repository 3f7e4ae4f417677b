// What the bridge answers, and that nothing is queued unless it answers 202 "queued": 405, 400
// (bad JSON, bad event, with the reason), 413 (limit enforced while reading), 202 for an event
// about no contact, 503 when closing or when the queue is full.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createWebhookHandler,
  type WebhookHandler,
  type WebhookHandlerOptions,
} from '../../src/index.js';
import { memoryQueue, newEntry } from '../../src/index.js';
import { useBraze, useMsw, type RecordedRequest } from '../support/msw.js';
import { SECRET, webhookRequest } from '../support/bridge-server.js';
import { fixture } from '../support/fixtures.js';
import { expectedBody, regalEvent, TRANSFORM } from '../support/regal-events.js';

const server = useMsw();
const created: WebhookHandler[] = [];
let brazeRequests: readonly RecordedRequest[] = [];

beforeEach(() => {
  brazeRequests = useBraze(server).calls;
});

afterEach(async () => {
  await Promise.all(created.splice(0).map((bridge) => bridge.close()));
});

function handler(options: WebhookHandlerOptions = {}) {
  const bridge = createWebhookHandler({
    secret: SECRET,
    braze: { apiKey: 'braze-key', restEndpoint: 'https://braze.test' },
    transform: TRANSFORM,
    ...options,
  });
  created.push(bridge);
  return bridge;
}

async function answer(bridge: WebhookHandler, request: Request) {
  const response = await bridge(request);
  return {
    status: response.status,
    headers: response.headers,
    body: JSON.parse(await response.text()) as Record<string, unknown>,
  };
}

/** A body stream of `chunks` chunks of `size` bytes, counting how many were pulled. */
function chunkedBody(chunks: number, size: number) {
  const state = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled === chunks) return controller.close();
      state.pulled++;
      controller.enqueue(new Uint8Array(size).fill(0x20));
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

describe('bridge responses', () => {
  it('202 {"status":"queued"} for a valid event, delivered on flush', async () => {
    const bridge = handler();
    const { status, body, headers } = await answer(bridge, webhookRequest(regalEvent(3)));
    expect(status).toBe(202);
    expect(body).toEqual({ status: 'queued' });
    expect(headers.get('content-type')).toBe('application/json; charset=utf-8');
    await bridge.flush();
    expect(brazeRequests).toHaveLength(1);
    expect(bridge.stats()).toMatchObject({ received: 1, accepted: 1, delivered: 1 });
  });

  it('405 with Allow: POST for another method', async () => {
    const bridge = handler();
    const { status, headers, body } = await answer(bridge, webhookRequest(null, { method: 'GET' }));
    expect(status).toBe(405);
    expect(headers.get('allow')).toBe('POST');
    expect(body).toEqual({ error: 'method_not_allowed', message: 'only POST is accepted' });
    expect(bridge.stats()).toMatchObject({ methodNotAllowed: 1, accepted: 0 });
  });

  it.each<[string, string | Uint8Array<ArrayBuffer>, string]>([
    ['not JSON', '{"name": "call.completed",', 'invalid_json'],
    ['empty', '', 'invalid_json'],
    ['not UTF-8', new Uint8Array([0x7b, 0xff, 0x7d]), 'invalid_json'],
    ['a JSON array', '[{"name":"sms.sent"}]', 'invalid_event'],
    ['a JSON string', '"sms.sent"', 'invalid_event'],
  ])('400 for a body that is %s; nothing queued', async (_label, body, error) => {
    const bridge = handler();
    const request = new Request('http://bridge.test/', {
      method: 'POST',
      headers: { authorization: SECRET },
      body,
    });
    const result = await answer(bridge, request);
    expect(result.status).toBe(400);
    expect(result.body.error).toBe(error);
    await bridge.flush();
    expect(brazeRequests).toHaveLength(0);
    expect(bridge.stats()).toMatchObject({ invalid: 1, accepted: 0 });
  });

  it('400 for bad JSON gives the parser reason, escaped', async () => {
    const result = await answer(handler(), webhookRequest('{"a":\n\u0007'));
    expect(result.body.message).toMatch(/^the body is not valid JSON \(.+\)$/);
    expect(result.body.message).not.toContain('\n');
    expect(result.body.message).not.toContain('\u0007');
  });

  it('400 for an invalid Regal event: the reason and each issue with its path', async () => {
    const bridge = handler();
    const result = await answer(bridge, webhookRequest({ name: 'sms.sent', properties: {} }));
    expect(result.status).toBe(400);
    expect(result.body).toEqual({
      error: 'invalid_event',
      message:
        'Invalid Regal sms.sent event: no usable Braze identifier (external_id: userId is missing; email: traits.email is missing; phone_alias: traits.phone is missing); originalTimestamp: is required to time the Braze event (or set the missingTime option to "now")',
      issues: [
        {
          path: '(root)',
          message:
            'no usable Braze identifier (external_id: userId is missing; email: traits.email is missing; phone_alias: traits.phone is missing)',
        },
        {
          path: 'originalTimestamp',
          message: 'is required to time the Braze event (or set the missingTime option to "now")',
        },
      ],
    });
    await bridge.flush();
    expect(brazeRequests).toHaveLength(0);
  });

  it('400 for an event with thousands of problems: the first 20 listed, then a count', async () => {
    // 3,000 pairs of keys that map to the same Braze attribute ("k.1" is renamed "regal_k_1").
    const base = fixture('contact.attribute.edited') as { properties: Record<string, unknown> };
    const custom: Record<string, unknown> = {};
    for (let i = 0; i < 3000; i++) {
      custom[`regal_k_${i}`] = { old_value: null, new_value: 'x' };
      custom[`k.${i}`] = { old_value: null, new_value: 'y' };
    }
    const event = {
      ...base,
      properties: { ...base.properties, changes: { custom_properties: custom } },
    };
    const text = JSON.stringify(event);
    const response = await handler()(webhookRequest(text));
    const answerText = await response.text();
    expect(response.status).toBe(400);
    const body = JSON.parse(answerText) as {
      message: string;
      issues: unknown[];
      moreIssues: number;
    };
    expect(body.issues).toHaveLength(20);
    expect(body.issues[0]).toEqual({
      path: 'properties.changes.custom_properties["k.0"]',
      message: 'maps to Braze key "regal_k_0", which another key already uses',
    });
    expect(body.moreIssues).toBe(2980);
    expect(body.message).toMatch(/; … and 2980 more$/);
    expect(body.message.split('; ')).toHaveLength(21);
    // The answer stays small, whatever the number of problems.
    expect(answerText.length).toBeLessThan(10_000);
    expect(text.length).toBeGreaterThan(100_000);
  });

  it('202 {"status":"ignored"} for an event that concerns no contact; nothing forwarded', async () => {
    const bridge = handler();
    const result = await answer(bridge, webhookRequest(fixture('agent.activity.updated')));
    expect(result).toMatchObject({
      status: 202,
      body: { status: 'ignored', reason: 'the event concerns no contact' },
    });
    await bridge.flush();
    expect(brazeRequests).toHaveLength(0);
    expect(bridge.stats()).toMatchObject({ ignored: 1, accepted: 0 });
  });

  it('413 when Content-Length is over maxBodyBytes, before reading', async () => {
    const bridge = handler({ maxBodyBytes: 1_000 });
    const { stream, state } = chunkedBody(100, 100);
    const request = new Request('http://bridge.test/', {
      method: 'POST',
      headers: { authorization: SECRET, 'content-length': '10000' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    const result = await answer(bridge, request);
    expect(result.status).toBe(413);
    expect(result.body).toEqual({
      error: 'payload_too_large',
      message: 'the body is over 1000 bytes',
    });
    expect(result.headers.get('connection')).toBe('close');
    expect(state.pulled).toBeLessThanOrEqual(2);
    expect(bridge.stats()).toMatchObject({ tooLarge: 1, accepted: 0 });
  });

  it('413 for a streamed body without Content-Length: stops reading once over the limit', async () => {
    const bridge = handler({ maxBodyBytes: 1_000 });
    const { stream, state } = chunkedBody(1_000, 300); // 300 KB offered
    const request = new Request('http://bridge.test/', {
      method: 'POST',
      headers: { authorization: SECRET },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect((await answer(bridge, request)).status).toBe(413);
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBeLessThan(10);
  });

  it('413 when Content-Length lies (says small, sends more)', async () => {
    const bridge = handler({ maxBodyBytes: 1_000 });
    const { stream } = chunkedBody(10, 300);
    const request = new Request('http://bridge.test/', {
      method: 'POST',
      headers: { authorization: SECRET, 'content-length': '20' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect((await answer(bridge, request)).status).toBe(413);
  });

  it('the default limit is 1 MiB', async () => {
    const bridge = handler();
    const big = JSON.stringify({ ...regalEvent(1), padding: 'x'.repeat(1_048_576) });
    expect((await answer(bridge, webhookRequest(big))).status).toBe(413);
  });

  it('503 once close() was called', async () => {
    const bridge = handler();
    await bridge.close();
    const result = await answer(bridge, webhookRequest(regalEvent(1)));
    expect(result).toMatchObject({
      status: 503,
      body: { error: 'unavailable', message: 'the bridge is shutting down' },
    });
    expect(bridge.stats()).toMatchObject({ unavailable: 1, closing: true });
  });

  it('503 while the memory queue holds maxQueueBytes, 202 again once it drains', async () => {
    server.resetHandlers();
    const braze = useBraze(server);
    // Slow answers: the queue fills before it drains.
    braze.queue(...Array.from({ length: 10 }, () => ({ delayMs: 500 })));
    const requests = braze.calls;
    // Room for exactly the first three entries.
    const maxQueueBytes = [0, 1, 2]
      .map((i) => regalEvent(i))
      .reduce(
        (sum, event) =>
          sum +
          newEntry(event, String(event.eventId), String(event.eventId), expectedBody(event)).bytes,
        0,
      );
    const bridge = handler({ queue: memoryQueue({ maxQueueBytes }), flushIntervalMs: 0 });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await bridge(webhookRequest(regalEvent(i)))).status);
    expect(statuses).toEqual([202, 202, 202, 503, 503]);
    expect(bridge.stats()).toMatchObject({ accepted: 3, unavailable: 2 });
    await bridge.flush();
    expect((await bridge(webhookRequest(regalEvent(9)))).status).toBe(202);
    await bridge.flush();
    expect(requests.length).toBeGreaterThanOrEqual(2);
  });
});
