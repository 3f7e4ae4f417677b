// Delivery: batches of up to 75 objects sent as soon as full, or after flushIntervalMs; flush();
// failures (partial errors, failed requests) handed to onDeliveryFailure with the original
// event and the reason; callback errors logged, never unhandled; one log line per batch, with
// no secret and no raw payload text.
import { inspect } from 'node:util';
import { delay, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  BrazeClient,
  createWebhookHandler,
  type DeliveryFailure,
  type WebhookHandler,
  type WebhookHandlerOptions,
} from '../../src/index.js';
import { recordPosts, useBraze, useMsw, type RecordedRequest, type Reply } from '../support/msw.js';
import { SECRET, webhookRequest } from '../support/bridge-server.js';
import { expectedBody, regalEvent, TRANSFORM } from '../support/regal-events.js';
import { until } from '../support/until.js';

const server = useMsw();
const URL = 'https://braze.test/users/track';
const BRAZE_KEY = 'braze-key-8d3f1e';
const created: WebhookHandler[] = [];
const success: Reply = () => HttpResponse.json({ message: 'success' }, { status: 201 });

afterEach(async () => {
  await Promise.all(created.splice(0).map((bridge) => bridge.close()));
  vi.restoreAllMocks();
});

function handler(options: WebhookHandlerOptions = {}) {
  const bridge = createWebhookHandler({
    secret: SECRET,
    braze: { apiKey: BRAZE_KEY, restEndpoint: 'https://braze.test', maxRetries: 0 },
    transform: TRANSFORM,
    ...options,
  });
  created.push(bridge);
  return bridge;
}

async function postEvents(bridge: WebhookHandler, events: Record<string, unknown>[]) {
  for (const event of events) {
    const response = await bridge(webhookRequest(event));
    expect(response.status).toBe(202);
  }
}

/** Events 0, 2, 3, 5, 6… of the rotation all map to one custom event. */
function customEvents(count: number): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [];
  for (let i = 0; events.length < count; i++) {
    const event = regalEvent(i);
    if (expectedBody(event).events !== undefined) events.push(event);
  }
  return events;
}

function bodies(requests: readonly RecordedRequest[]) {
  return requests.map((request) => JSON.parse(request.text) as Record<string, unknown[]>);
}

const waitFor = (check: () => boolean) => until(check, { timeoutMs: 2_000, everyMs: 5 });

describe('batching', () => {
  it('75 waiting objects go at once, in one request, without waiting for the interval', async () => {
    const requests = useBraze(server).calls;
    const bridge = handler({ flushIntervalMs: 60_000 });
    const events = customEvents(80);
    await postEvents(bridge, events);
    await waitFor(() => requests.length === 1);
    expect(bodies(requests)[0]).toEqual({
      events: events.slice(0, 75).map((event) => expectedBody(event).events![0]),
    });
    expect(bridge.stats()).toMatchObject({ accepted: 80, queued: 5 });
    await bridge.flush();
    expect(bodies(requests)[1]?.events).toHaveLength(5);
    expect(bridge.stats()).toMatchObject({
      queued: 0,
      delivered: 80,
      batches: 2,
      brazeRequests: 2,
    });
  });

  it('fewer than 75 go after flushIntervalMs, without a flush()', async () => {
    const requests = useBraze(server).calls;
    const bridge = handler({ flushIntervalMs: 300 });
    await postEvents(bridge, customEvents(10));
    expect(requests).toHaveLength(0);
    await waitFor(() => requests.length === 1);
    expect(bodies(requests)[0]?.events).toHaveLength(10);
  });

  it('attributes and events of different webhooks share a request', async () => {
    const requests = useBraze(server).calls;
    const bridge = handler();
    await postEvents(bridge, [regalEvent(0), regalEvent(1), regalEvent(2)]);
    await bridge.flush();
    expect(bodies(requests)).toEqual([
      {
        attributes: expectedBody(regalEvent(1)).attributes,
        events: [...expectedBody(regalEvent(0)).events!, ...expectedBody(regalEvent(2)).events!],
      },
    ]);
  });

  it('by default, batches of at most 75 objects in all', async () => {
    const requests = useBraze(server).calls;
    const bridge = handler({ flushIntervalMs: 60_000 });
    const events = Array.from({ length: 120 }, (_, i) => regalEvent(i));
    await postEvents(bridge, events);
    await bridge.flush();
    const sizes = bodies(requests).map(
      (body) => (body.attributes?.length ?? 0) + (body.events?.length ?? 0),
    );
    // One object per event, attributes or events: 75 legacy per-array batches would be 1.
    expect(sizes).toEqual([75, 45]);
  });

  it("requestLimit '50-combined': batches of 50 objects in all", async () => {
    const requests = useBraze(server).calls;
    const bridge = handler({
      braze: {
        apiKey: 'test-api-key',
        restEndpoint: 'https://braze.test',
        requestLimit: '50-combined',
      },
      flushIntervalMs: 60_000,
    });
    const events = Array.from({ length: 120 }, (_, i) => regalEvent(i));
    await postEvents(bridge, events);
    await bridge.flush();
    const sizes = bodies(requests).map(
      (body) => (body.attributes?.length ?? 0) + (body.events?.length ?? 0),
    );
    expect(sizes).toEqual([50, 50, 20]);
  });

  it('while every request slot is busy, events pile up into fuller batches', async () => {
    // Answers slow enough that all 30 webhooks are in before the first answer, however busy the
    // machine.
    const braze = useBraze(server);
    braze.queue({ delayMs: 500 }, { delayMs: 500 });
    const requests = braze.calls;
    const bridge = handler({
      flushIntervalMs: 0,
      braze: { apiKey: BRAZE_KEY, restEndpoint: 'https://braze.test', maxConcurrentRequests: 1 },
    });
    await postEvents(bridge, customEvents(30));
    await bridge.flush();
    // The first event leaves alone (interval 0, slot free); the 29 others wait for the slot.
    expect(bodies(requests).map((body) => body.events?.length)).toEqual([1, 29]);
  });

  it('flush() sends what is queued at once and resolves once it is delivered', async () => {
    const requests = useBraze(server).calls;
    const bridge = handler({ flushIntervalMs: 60_000 });
    await postEvents(bridge, customEvents(3));
    expect(requests).toHaveLength(0);
    await bridge.flush();
    expect(requests).toHaveLength(1);
    expect(bridge.stats()).toMatchObject({ delivered: 3, queued: 0, inFlight: 0 });
  });

  it('a handler built on a given BrazeClient sends through it', async () => {
    const requests = useBraze(server, { restEndpoint: 'https://braze.test/proxy' }).calls;
    const braze = new BrazeClient({
      apiKey: 'shared-key',
      restEndpoint: 'https://braze.test/proxy',
    });
    const bridge = handler({ braze });
    await postEvents(bridge, [regalEvent(0)]);
    await bridge.flush();
    expect(requests[0]?.headers.authorization).toBe('Bearer shared-key');
  });
});

describe('delivery failures', () => {
  it('a partial error is reported against the original event, the others delivered', async () => {
    // Second object of the request (events[1]) refused.
    useBraze(server).queue({
      status: 201,
      body: {
        message: 'success',
        errors: [{ type: 'Invalid event name', input_array: 'events', index: 1 }],
      },
    });
    const failures: DeliveryFailure[] = [];
    const bridge = handler({ onDeliveryFailure: (failure) => void failures.push(failure) });
    const events = customEvents(3);
    await postEvents(bridge, events);
    await bridge.flush();
    expect(failures).toEqual([
      {
        event: events[1],
        eventId: events[1]?.eventId,
        body: expectedBody(events[1]),
        undelivered: expectedBody(events[1]),
        kind: 'rejected',
        reason: 'Braze refused 1 of 1 object(s): Invalid event name',
        error: undefined,
      },
    ]);
    expect(bridge.stats()).toMatchObject({ accepted: 3, delivered: 2, failed: 1 });
  });

  it('with maxEventAgeMs 0, a failed request reports every event of its batch, with the typed error', async () => {
    useBraze(server, { apiKey: 'another-braze-key' });
    const failures: DeliveryFailure[] = [];
    const bridge = handler({
      maxEventAgeMs: 0,
      onDeliveryFailure: (failure) => void failures.push(failure),
    });
    const events = [regalEvent(0), regalEvent(1)];
    await postEvents(bridge, events);
    await bridge.flush();
    expect(failures.map((failure) => failure.event)).toEqual(events);
    expect(failures.map((failure) => failure.kind)).toEqual(['failed', 'failed']);
    expect(failures[0]?.error).toBeInstanceOf(ApiError);
    expect(failures[0]?.error).toMatchObject({ status: 401, service: 'braze' });
    expect(failures[0]?.reason).toBe(
      'not delivered within 0 ms (maxEventAgeMs), 1 attempt(s); last: Braze API refused the API key (401): check the key and that it has the users.track permission',
    );
    expect(failures[1]?.undelivered).toEqual(expectedBody(events[1]));
    expect(bridge.stats()).toMatchObject({ accepted: 2, delivered: 0, failed: 2 });
  });

  it('with maxEventAgeMs 0, 5xx on every attempt: reported after the retries, not before', async () => {
    const braze = useBraze(server);
    const down = { status: 503, body: { message: 'down' }, retryAfter: 0 };
    braze.queue(down, down, down, down, down);
    const requests = braze.calls;
    const failures: DeliveryFailure[] = [];
    const bridge = handler({
      braze: { apiKey: 'test-api-key', restEndpoint: 'https://braze.test', maxRetries: 4 },
      maxEventAgeMs: 0,
      onDeliveryFailure: (failure) => void failures.push(failure),
    });
    await postEvents(bridge, [regalEvent(0)]);
    await bridge.flush();
    expect(requests).toHaveLength(5);
    expect(failures[0]).toMatchObject({
      kind: 'failed',
      reason:
        'not delivered within 0 ms (maxEventAgeMs), 1 attempt(s); last: Braze API answered 503: down',
    });
  });

  it('an async onDeliveryFailure is awaited by flush()', async () => {
    useBraze(server).queue({ status: 400, body: {} });
    const stored: string[] = [];
    const bridge = handler({
      onDeliveryFailure: async (failure) => {
        await delay(30);
        stored.push(failure.eventId as string);
      },
    });
    await postEvents(bridge, [regalEvent(0)]);
    await bridge.flush();
    expect(stored).toEqual(['evt-0']);
  });

  it('onDeliveryFailure throwing or rejecting is logged, never an unhandled rejection', async () => {
    // Refused whole, then each event alone.
    const refused = { status: 400, body: {} };
    useBraze(server).queue(refused, refused, refused);
    const errors: string[] = [];
    const bridge = handler({
      logger: { error: (message) => errors.push(message) },
      onDeliveryFailure: async (failure) => {
        if (failure.eventId === 'evt-0') throw new Error('dead-letter table missing');
        return Promise.reject(new Error('second'));
      },
    });
    await postEvents(bridge, [regalEvent(0), regalEvent(1)]);
    await bridge.flush();
    expect(errors).toContain('onDeliveryFailure threw for 2 event(s): dead-letter table missing');
  });

  it('without onDeliveryFailure, each failure is logged as an error line, payload text escaped', async () => {
    useBraze(server).queue({ status: 400, body: { message: 'bad' } });
    const errors: string[] = [];
    const bridge = handler({ logger: { error: (message) => errors.push(message) } });
    await postEvents(bridge, [{ ...regalEvent(0), eventId: 'evt\n\u001b[2Jforged' }]);
    await bridge.flush();
    expect(errors).toContain(
      'delivery failed (failed) for Regal event evt\\n\\u001b[2Jforged (call.completed): Braze API answered 400: bad',
    );
  });

  it('without onDeliveryFailure nor an error logger, failures go to console.error', async () => {
    useBraze(server).queue({ status: 400, body: { message: 'bad' } });
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const bridge = handler();
    await postEvents(bridge, [regalEvent(2)]);
    await bridge.flush();
    expect(consoleError).toHaveBeenCalledWith(
      'regal-braze: delivery failed (failed) for Regal event evt-2 (sms.sent): Braze API answered 400: bad',
    );
  });

  it('a batch Braze refuses whole (413) is resent event by event: only the culprit fails', async () => {
    const events = customEvents(10)
      .filter((event) => expectedBody(event).attributes === undefined)
      .slice(0, 5);
    const culprit = events[2]!.userId;
    const answered: number[] = [];
    const accepted: unknown[] = [];
    // The answer depends on what the request holds: a recorder, not the Braze double.
    recordPosts(server, URL, async (_index, request) => {
      const objects = ((await request.json()) as { events: { external_id: string }[] }).events;
      const refused = objects.some((object) => object.external_id === culprit);
      answered.push(refused ? 413 : 201);
      if (refused)
        return HttpResponse.json({ message: 'Max Input Length Exceeded' }, { status: 413 });
      accepted.push(...objects.map((object) => object.external_id));
      return success(0, request);
    });
    const failures: DeliveryFailure[] = [];
    const bridge = handler({
      flushIntervalMs: 50,
      onDeliveryFailure: (f) => void failures.push(f),
    });
    await Promise.all(events.map((event) => bridge(webhookRequest(event))));
    await bridge.flush();
    expect(failures.map((failure) => [failure.kind, failure.eventId])).toEqual([
      ['failed', events[2]!.eventId],
    ]);
    expect(accepted.sort()).toEqual(
      events
        .filter((_, i) => i !== 2)
        .map((event) => event.userId)
        .sort(),
    );
    expect(answered).toEqual([413, 201, 201, 413, 201, 201]);
    expect(bridge.stats()).toMatchObject({ delivered: 4, failed: 1 });
  });
});

describe('logging', () => {
  it('one line per delivery batch, and no secret or key in any line', async () => {
    // The first request answered as Braze does, the second refused with the key echoed.
    useBraze(server).queue(
      { delayMs: 0 },
      { status: 400, body: { message: `bad key ${BRAZE_KEY}` } },
    );
    const lines: string[] = [];
    const record = (level: string) => (message: string, fields?: unknown) =>
      lines.push(`${level} ${message} ${inspect(fields)}`);
    const bridge = handler({
      flushIntervalMs: 60_000,
      logger: {
        debug: record('debug'),
        info: record('info'),
        warn: record('warn'),
        error: record('error'),
      },
      onDeliveryFailure: () => undefined,
    });
    await postEvents(bridge, customEvents(75));
    await waitFor(() => bridge.stats().delivered === 75);
    await postEvents(bridge, customEvents(76).slice(75));
    await bridge.flush();
    const batchLines = lines.filter((line) => / braze batch \d+:/.test(line));
    expect(batchLines).toHaveLength(2);
    expect(batchLines[0]).toMatch(
      /^info braze batch 1: 75 event\(s\), 75 object\(s\), 1 request\(s\), 1 attempt\(s\): 75 delivered, 0 failed in \d+ ms /,
    );
    expect(batchLines[1]).toMatch(
      /^warn braze batch 2: 1 event\(s\), 1 object\(s\), 1 request\(s\), 1 attempt\(s\): 0 delivered, 1 failed in \d+ ms; first failure \(failed\): Braze API answered 400: bad key \[redacted\]/,
    );
    for (const line of lines) {
      expect(line).not.toContain(SECRET);
      expect(line).not.toContain(BRAZE_KEY);
    }
  });
});
