// settleBatch and cutBatch are pure: a batch and Braze's result in, what to do with each event
// out; entries in, how many make one request out.
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  ConnectionError,
  RateLimitError,
  RequestAbortedError,
} from '../../src/errors/index.js';
import type { TrackObjectError, TrackResult } from '../../src/braze/track-result.js';
import { objectCountsOf } from '../../src/braze/plan-requests.js';
import { cutBatch } from '../../src/webhook/cut-batch.js';
import { newEntry, type QueueEntry } from '../../src/webhook/queue/queue.js';
import { settleBatch } from '../../src/webhook/settle-batch.js';

const NOW = 1_733_097_600_000;
const event = (n: number) => ({
  external_id: `user-${n}`,
  name: 'Call Completed',
  time: '2024-05-01T10:00:00Z',
});

function entry(n: number, objects = 1, acceptedAt = NOW - 1_000): QueueEntry {
  const body = { events: Array.from({ length: objects }, (_, i) => event(n * 100 + i)) };
  return {
    ...newEntry({ name: 'call.completed', eventId: `evt-${n}` }, `evt-${n}`, `evt-${n}`, body),
    id: String(n),
    acceptedAt,
    attempts: 0,
    lastAttemptAt: undefined,
    lastReason: undefined,
    undelivered: undefined,
  };
}

function result(errors: TrackObjectError[], accepted: number): TrackResult {
  const rejected = errors.filter((error) => error.status === 'rejected').length;
  return {
    ok: errors.length === 0,
    accepted,
    rejected,
    failed: errors.length - rejected,
    requests: 1,
    attempts: 1,
    bodies: [],
    errors,
  };
}

function failed(body: number, index: number, error: ApiError | Error): TrackObjectError {
  return {
    status: 'failed',
    error: error as ApiError,
    body,
    array: 'events',
    index,
    object: event(body * 100 + index),
  };
}

const apiError = (status: number) =>
  new ApiError({ service: 'braze', status, body: '', message: `Braze API answered ${status}` });

const context = { now: NOW, maxEventAgeMs: 86_400_000, gaveUp: false };

describe('settleBatch', () => {
  it('delivered, rejected (2xx errors) and partly delivered events each come out their way', () => {
    const batch = [entry(0), entry(1), entry(2, 2)];
    const settlement = settleBatch(
      batch,
      result(
        [
          {
            status: 'rejected',
            reason: 'Invalid event name',
            body: 1,
            array: 'events',
            index: 0,
            object: event(100),
          },
          failed(2, 1, apiError(503)),
        ],
        2,
      ),
      undefined,
      context,
    );
    expect(settlement.delivered).toEqual([batch[0]]);
    expect(settlement.dead).toEqual([
      {
        entry: batch[1],
        kind: 'rejected',
        reason: 'Braze refused 1 of 1 object(s): Invalid event name',
        undelivered: { events: [event(100)] },
        nothingDelivered: true,
        error: undefined,
      },
    ]);
    expect(settlement.retries).toEqual([
      {
        entry: batch[2],
        reason: 'Braze API answered 503',
        undelivered: {
          body: { events: [event(201)] },
          counts: objectCountsOf({ events: [event(201)] }),
        },
      },
    ]);
    expect(settlement.pause).toEqual({ cause: 'unavailable' });
  });

  it('pauses by cause: 429 with its wait, 401/403 unauthorized, network unavailable; other 4xx are final', () => {
    const rate = new RateLimitError({
      service: 'braze',
      status: 429,
      body: '',
      retryAfterMs: 120_000,
    });
    expect(
      settleBatch([entry(0)], result([failed(0, 0, rate)], 0), undefined, context).pause,
    ).toEqual({ cause: 'rate-limited', ms: 120_000 });
    const auth = new AuthenticationError({ service: 'braze', status: 401, body: '' });
    const unauthorized = settleBatch(
      [entry(0)],
      result([failed(0, 0, auth)], 0),
      undefined,
      context,
    );
    expect(unauthorized.pause).toEqual({ cause: 'unauthorized' });
    expect(unauthorized.dead).toEqual([]);
    const network = new ConnectionError('braze', 'fetch failed: ECONNREFUSED');
    expect(
      settleBatch([entry(0)], result([failed(0, 0, network)], 0), undefined, context).pause,
    ).toEqual({ cause: 'unavailable' });
    const final = settleBatch(
      [entry(0)],
      result([failed(0, 0, apiError(404))], 0),
      undefined,
      context,
    );
    expect(final.pause).toBeUndefined();
    expect(final.dead.map((dead) => [dead.kind, dead.reason])).toEqual([
      ['failed', 'Braze API answered 404'],
    ]);
  });

  it('too old to retry: a dead letter saying so; aborted by close(): released, not counted', () => {
    const old = entry(0, 1, NOW - 86_400_000);
    const expired = settleBatch(
      [old],
      result([failed(0, 0, apiError(500))], 0),
      undefined,
      context,
    );
    expect(expired.retries).toEqual([]);
    expect(expired.dead[0]?.reason).toBe(
      'not delivered within 24 h (maxEventAgeMs), 1 attempt(s); last: Braze API answered 500',
    );
    const aborted = settleBatch(
      [entry(1)],
      result([failed(0, 0, new RequestAbortedError('braze'))], 0),
      undefined,
      { ...context, gaveUp: true },
    );
    expect(aborted).toMatchObject({ released: [{ entry: entry(1) }], retries: [], dead: [] });
  });
});

describe('cutBatch', () => {
  const limits = { perArray: 75, total: Number.POSITIVE_INFINITY, bytes: 4_000_000 };

  it('takes what fits in one request, and says when it is full', () => {
    expect(cutBatch([], limits)).toEqual({ take: 0, full: false });
    expect(cutBatch([entry(0), entry(1)], limits)).toEqual({ take: 2, full: false });
    const many = Array.from({ length: 80 }, (_, n) => entry(n));
    expect(cutBatch(many, limits)).toEqual({ take: 75, full: true });
    expect(cutBatch(many.slice(0, 75), limits)).toEqual({ take: 75, full: true });
    expect(cutBatch([entry(0, 100), entry(1)], limits)).toEqual({ take: 1, full: true });
    expect(cutBatch(many, { perArray: 75, total: 50, bytes: 4_000_000 })).toEqual({
      take: 50,
      full: true,
    });
  });
});
