// createWebhookHandler({ queue: sqliteQueue }): an event is on disk before its 202; close()
// leaves what Braze has not taken in the file; the next handler on the file delivers it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  createWebhookHandler,
  sqliteQueue,
  type DeliveryFailure,
  type WebhookHandler,
} from '../../src/index.js';
import { SECRET, webhookRequest } from '../support/bridge-server.js';
import { startMockBraze, type MockBraze } from '../support/mock-braze.js';
import { countByExternalId, regalEvent, TRANSFORM } from '../support/regal-events.js';
import { until } from '../support/until.js';

const dir = mkdtempSync(join(tmpdir(), 'regal-braze-durable-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let braze: MockBraze | undefined;
const open: WebhookHandler[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((handler) => handler.close({ timeoutMs: 1_000 })));
  await braze?.close();
  braze = undefined;
});

function bridge(path: string, mock: MockBraze, failures: DeliveryFailure[] = []) {
  const handler = createWebhookHandler({
    secret: SECRET,
    braze: { apiKey: 'test-api-key', restEndpoint: mock.url, maxRetries: 0 },
    transform: TRANSFORM,
    flushIntervalMs: 0,
    queue: sqliteQueue({ path }),
    onDeliveryFailure: (failure) => void failures.push(failure),
  });
  open.push(handler);
  return handler;
}

describe('a handler on a sqliteQueue', () => {
  it('has the event on disk when it answers 202', async () => {
    braze = await startMockBraze(() => ({ status: 503, body: { message: 'down' } }));
    const path = join(dir, 'committed.db');
    const handler = bridge(path, braze);
    for (let i = 0; i < 5; i++) {
      expect((await handler(webhookRequest(regalEvent(i)))).status).toBe(202);
      // Another handle on the file, opened after the 202, sees the event.
      const reader = sqliteQueue({ path });
      expect((await reader.depth()).entries).toBe(i + 1);
      await reader.close();
    }
  });

  it('close() leaves what Braze has not taken in the file, and the next start delivers it, once', async () => {
    braze = await startMockBraze(() => ({ status: 500, body: { message: 'down' } }));
    const path = join(dir, 'restart.db');
    const failures: DeliveryFailure[] = [];
    const first = bridge(path, braze, failures);
    for (let i = 0; i < 20; i++) {
      expect((await first(webhookRequest(regalEvent(i)))).status).toBe(202);
    }
    await until(() => first.stats().retried > 0);
    await first.close({ timeoutMs: 2_000 });
    expect(failures).toEqual([]);
    expect(braze.accepted.events.length + braze.accepted.attributes.length).toBe(0);

    braze.respond(() => undefined);
    const second = bridge(path, braze, failures);
    await until(() => second.stats().delivered === 20);
    const counts = countByExternalId([...braze.accepted.attributes, ...braze.accepted.events]);
    for (let i = 0; i < 20; i++) expect(counts.get(`user-${i}`), `user-${i}`).toBe(1);
    expect(failures).toEqual([]);
    expect((await second.queue.depth()).entries).toBe(0);
  });

  it('dead letters stay in the file with their reason, and replay delivers them', async () => {
    braze = await startMockBraze((request) => ({
      status: 201,
      body: {
        message: 'success',
        errors: (request.body?.events ?? []).map((_, index) => ({
          type: 'Invalid event name',
          input_array: 'events',
          index,
        })),
      },
    }));
    const path = join(dir, 'dead.db');
    const failures: DeliveryFailure[] = [];
    const handler = bridge(path, braze, failures);
    // Event 0 maps to a custom event (refused here), event 1 to attributes and an event.
    expect((await handler(webhookRequest(regalEvent(0)))).status).toBe(202);
    await handler.flush();
    expect(failures.map((failure) => [failure.kind, failure.reason])).toEqual([
      ['rejected', 'Braze refused 1 of 1 object(s): Invalid event name'],
    ]);
    const letters = await handler.queue.listDeadLetters();
    expect(letters).toMatchObject([
      {
        eventId: 'evt-0',
        event: regalEvent(0),
        kind: 'rejected',
        reason: 'Braze refused 1 of 1 object(s): Invalid event name',
        attempts: 1,
      },
    ]);
    braze.respond(() => undefined);
    await handler.queue.replayDeadLetters();
    await until(() => handler.stats().delivered === 1);
    expect(await handler.queue.listDeadLetters()).toEqual([]);
  });
});
