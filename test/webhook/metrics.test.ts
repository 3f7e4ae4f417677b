// handler.metrics(): scraped after traffic against the Braze double (brazeHandlers), parsed as
// Prometheus text by a strict parser, each value checked against what happened.
import { afterEach, describe, expect, it } from 'vitest';
import { createWebhookHandler, type WebhookHandler } from '../../src/index.js';
import { SECRET, webhookRequest } from '../support/bridge-server.js';
import { BRAZE_TEST_ENDPOINT, useBraze, useMsw } from '../support/msw.js';
import { parsePrometheusText, sampleValue } from '../support/prometheus.js';
import { regalEvent, TRANSFORM } from '../support/regal-events.js';

const server = useMsw();
const handlers: WebhookHandler[] = [];

afterEach(async () => {
  for (const handler of handlers.splice(0)) await handler.close({ timeoutMs: 0 });
});

function bridge(flushIntervalMs = 0): WebhookHandler {
  const handler = createWebhookHandler({
    secret: SECRET,
    transform: TRANSFORM,
    braze: {
      apiKey: 'metrics-braze-key-0123456789',
      restEndpoint: BRAZE_TEST_ENDPOINT,
      maxRetries: 3,
    },
    flushIntervalMs,
  });
  handlers.push(handler);
  return handler;
}

describe('handler.metrics()', () => {
  it('counts what happened, in Prometheus text', async () => {
    const braze = useBraze(server);
    // The first request gets a 503 (retried at once), the others a 201.
    braze.queue({ status: 503, retryAfter: 0 });
    const handler = bridge();
    const statuses = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await handler(webhookRequest(regalEvent(i)))).status);
    statuses.push((await handler(webhookRequest(regalEvent(0)))).status); // a copy
    statuses.push((await handler(webhookRequest('{"name":'))).status);
    statuses.push(
      (await handler(webhookRequest(regalEvent(9), { headers: { authorization: 'Bearer no' } })))
        .status,
    );
    statuses.push((await handler(webhookRequest(undefined, { method: 'GET' }))).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 202, 400, 401, 405]);
    await handler.flush();

    const families = parsePrometheusText(await handler.metrics());
    const value = (name: string, labels?: Record<string, string>) =>
      sampleValue(families, name, labels);
    expect(value('regal_braze_webhooks_received_total')).toBe(9);
    expect(value('regal_braze_events_accepted_total')).toBe(5);
    expect(value('regal_braze_events_duplicate_total')).toBe(1);
    expect(value('regal_braze_webhooks_rejected_total', { reason: 'invalid' })).toBe(1);
    expect(value('regal_braze_webhooks_rejected_total', { reason: 'unauthorized' })).toBe(1);
    expect(value('regal_braze_webhooks_rejected_total', { reason: 'method_not_allowed' })).toBe(1);
    expect(value('regal_braze_webhooks_rejected_total', { reason: 'too_large' })).toBe(0);
    expect(value('regal_braze_events_delivered_total')).toBe(handler.stats().delivered);
    expect(value('regal_braze_events_delivered_total')).toBe(5);
    expect(value('regal_braze_events_dead_lettered_total')).toBe(0);
    expect(value('regal_braze_queue_events')).toBe(0);
    expect(value('regal_braze_queue_oldest_event_age_seconds')).toBe(0);
    expect(value('regal_braze_delivery_paused')).toBe(0);
    expect(value('regal_braze_delivery_state', { state: 'delivering' })).toBe(1);

    // Every attempt is in the histogram: the 503, then the 2xx ones.
    const attempts = braze.calls.length;
    expect(value('regal_braze_braze_request_duration_seconds_count', { outcome: '5xx' })).toBe(1);
    expect(value('regal_braze_braze_request_duration_seconds_count', { outcome: '2xx' })).toBe(
      attempts - 1,
    );
    expect(value('regal_braze_braze_retries_total', { cause: 'server_error' })).toBe(1);
    expect(value('regal_braze_braze_retries_total', { cause: 'rate_limited' })).toBe(0);
    expect(families.get('regal_braze_braze_request_duration_seconds')?.type).toBe('histogram');
    expect(families.get('regal_braze_events_accepted_total')?.type).toBe('counter');
    expect(families.get('regal_braze_queue_events')?.type).toBe('gauge');
  });

  it('the queue as it stands: events waiting and the age of the oldest', async () => {
    useBraze(server);
    const handler = bridge(60_000);
    expect((await handler(webhookRequest(regalEvent(1)))).status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await handler(webhookRequest(regalEvent(2)))).status).toBe(202);
    const families = parsePrometheusText(await handler.metrics());
    expect(sampleValue(families, 'regal_braze_queue_events')).toBe(2);
    const age = sampleValue(families, 'regal_braze_queue_oldest_event_age_seconds');
    expect(age).toBeGreaterThanOrEqual(0.09);
    expect(age).toBeLessThan(60);
  });

  it('each handler has a registry of its own; prom-client global registry stays empty', async () => {
    useBraze(server);
    const first = bridge();
    const second = bridge();
    expect((await first(webhookRequest(regalEvent(1)))).status).toBe(202);
    const one = parsePrometheusText(await first.metrics());
    const two = parsePrometheusText(await second.metrics());
    expect(sampleValue(one, 'regal_braze_events_accepted_total')).toBe(1);
    expect(sampleValue(two, 'regal_braze_events_accepted_total')).toBe(0);
    const { register } = await import('prom-client');
    expect(register.getMetricsAsArray()).toEqual([]);
  });
});
