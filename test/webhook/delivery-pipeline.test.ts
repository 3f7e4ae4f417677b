// DeliveryPipeline on its own, with bodies the transforms never make today (an event mapped to
// several objects), to pin down what happens when Braze takes only part of an event.
import { describe, expect, it } from 'vitest';
import { BrazeClient, type DeliveryFailure } from '../../src/index.js';
import { SafeLogger } from '../../src/http/logger.js';
import { DeliveryPipeline } from '../../src/webhook/delivery-pipeline.js';
import { memoryQueue } from '../../src/webhook/queue/memory-queue.js';
import { newEntry } from '../../src/webhook/queue/queue.js';
import { useBraze, useMsw } from '../support/msw.js';

const server = useMsw();

const attributes = { external_id: 'user-1', plan: 'gold' };
const event = { external_id: 'user-1', name: 'Plan Changed', time: '2024-05-01T10:00:00Z' };

function queue(failures: DeliveryFailure[], forgotten: string[]) {
  return new DeliveryPipeline({
    queue: memoryQueue(),
    braze: new BrazeClient({
      apiKey: 'test-api-key',
      restEndpoint: 'https://braze.test',
      maxRetries: 0,
      maxConcurrentRequests: 2,
    }),
    flushIntervalMs: 60_000,
    maxEventAgeMs: 0,
    onFailure: (failure) => void failures.push(failure),
    forget: async (key) => void forgotten.push(key),
    logger: new SafeLogger(undefined, []),
  });
}

describe('DeliveryPipeline: an event Braze took part of', () => {
  it('reports only the refused objects as undelivered, and keeps the de-duplication mark', async () => {
    useBraze(server).queue({
      status: 201,
      body: {
        message: 'success',
        errors: [{ type: 'bad attribute', input_array: 'attributes', index: 0 }],
      },
    });
    const failures: DeliveryFailure[] = [];
    const forgotten: string[] = [];
    const delivery = queue(failures, forgotten);
    const body = { attributes: [attributes], events: [event] };
    await delivery.append(newEntry({ name: 'x' }, 'e-1', 'e-1', body));
    await delivery.flush();
    expect(failures).toEqual([
      {
        event: { name: 'x' },
        eventId: 'e-1',
        body,
        undelivered: { attributes: [attributes] },
        kind: 'rejected',
        reason: 'Braze refused 1 of 2 object(s): bad attribute',
        error: undefined,
      },
    ]);
    expect(forgotten).toEqual([]);
    await delivery.close(1_000);
  });

  it('forgets the mark when every object was refused', async () => {
    useBraze(server).queue({
      status: 201,
      body: {
        message: 'success',
        errors: [
          { type: 'bad', input_array: 'attributes', index: 0 },
          { type: 'bad', input_array: 'events', index: 0 },
        ],
      },
    });
    const failures: DeliveryFailure[] = [];
    const forgotten: string[] = [];
    const delivery = queue(failures, forgotten);
    await delivery.append(
      newEntry({ name: 'x' }, 'e-2', 'e-2', { attributes: [attributes], events: [event] }),
    );
    await delivery.flush();
    expect(failures[0]?.reason).toBe('Braze refused 2 of 2 object(s): bad');
    expect(forgotten).toEqual(['e-2']);
    await delivery.close(1_000);
  });

  it('an event larger than one request goes alone and is split by track', async () => {
    const requests = useBraze(server).calls;
    const delivery = queue([], []);
    const events = Array.from({ length: 100 }, (_, i) => ({ ...event, external_id: `u-${i}` }));
    await delivery.append(newEntry({}, undefined, undefined, { events: [event] }));
    await delivery.append(newEntry({}, undefined, undefined, { events }));
    await delivery.flush();
    expect(requests.map((request) => request.body?.events?.length)).toEqual(
      expect.arrayContaining([1, 75, 25]),
    );
    expect(delivery.counters()).toMatchObject({ delivered: 2, batches: 2, brazeRequests: 3 });
    await delivery.close(1_000);
  });
});
