/**
 * Internal: what a Braze answer means for each event of a batch, as a pure function of the
 * batch and the result of `track`. The pipeline applies it to the queue; nothing here has state.
 *
 * Each event comes out one way:
 * - delivered: Braze accepted every object still to deliver;
 * - retried: its request failed in a way that passes (429, 401/403, 408, 5xx, network,
 *   timeout), and it is younger than `maxEventAgeMs`: it waits in the queue, the objects Braze
 *   already took left out;
 * - dead: Braze refused objects of it in a 2xx answer (`rejected`), or its request failed in a
 *   way retrying cannot fix (another 4xx), or it is too old to retry (`failed`);
 * - released: its request was aborted because `close()` gave up on it (the bridge's choice, not
 *   Braze's answer): it goes back to the queue unchanged.
 */
import type { QueueEntry } from './queue/queue.js';
import { objectCountsOf, type ObjectCounts } from '../braze/plan-requests.js';
import type { TrackObjectError, TrackResult } from '../braze/track-result.js';
import {
  ApiError,
  AuthenticationError,
  RateLimitError,
  RegalBrazeError,
  RequestAbortedError,
} from '../errors/index.js';
import { escapeUnprintable } from '../common/text.js';
import type {
  BrazeAttributes,
  BrazeEvent,
  BrazePurchase,
  UsersTrackRequest,
} from '../transforms/users-track/users-track.js';
import type { DeadLetterKind } from './queue/queue.js';

/** Why delivery as a whole should wait before the next request. */
export type Pause =
  /** Braze answered 429: wait `ms` (its reset), or back off when it said nothing. */
  | { readonly cause: 'rate-limited'; readonly ms: number | undefined }
  /** Braze refused the API key (401, 403). */
  | { readonly cause: 'unauthorized' }
  /** Braze unreachable, timing out or answering 5xx/408. */
  | { readonly cause: 'unavailable' };

/** An event to try again later. */
export interface Retry {
  readonly entry: QueueEntry;
  readonly reason: string;
  /** The objects still to deliver, when Braze took part of them. */
  readonly undelivered?: { readonly body: UsersTrackRequest; readonly counts: ObjectCounts };
}

/** An event given up on. */
export interface Dead {
  readonly entry: QueueEntry;
  readonly kind: DeadLetterKind;
  readonly reason: string;
  /** The objects Braze did not accept. */
  readonly undelivered: UsersTrackRequest;
  /** Whether Braze took none of the event (its de-duplication mark can then be forgotten). */
  readonly nothingDelivered: boolean;
  readonly error: RegalBrazeError | undefined;
}

/** An event whose request `close()` aborted, with where that request was. */
export interface Released {
  readonly entry: QueueEntry;
  readonly error: RequestAbortedError;
}

/** What to do with each event of a batch. */
export interface Settlement {
  readonly delivered: QueueEntry[];
  readonly retries: Retry[];
  readonly dead: Dead[];
  readonly released: Released[];
  /** The strongest reason to pause that an answer gave, if any. */
  readonly pause: Pause | undefined;
}

/** What settling needs to know besides the answer. */
export interface SettleContext {
  /** Now, epoch ms (the queue's clock). */
  readonly now: number;
  /** Events older than this (since `acceptedAt`) are not retried. */
  readonly maxEventAgeMs: number;
  /** Whether `close()` gave up and aborted requests in flight. */
  readonly gaveUp: boolean;
}

type TrackedObject = BrazeAttributes | BrazeEvent | BrazePurchase;

/** The objects listed in `errors`, as a body of their own (input order). */
function bodyOf(errors: readonly TrackObjectError[]): UsersTrackRequest {
  const body: Record<string, TrackedObject[]> = {};
  for (const error of errors) (body[error.array] ??= []).push(error.object);
  return body as UsersTrackRequest;
}

/** What is still to send of an entry. */
export function toSend(entry: QueueEntry): UsersTrackRequest {
  return entry.undelivered ?? entry.body;
}

function objectsOf(counts: ObjectCounts): number {
  return counts.attributes + counts.events + counts.purchases;
}

/** Why an event whose request `close()` aborted was not delivered: where that request was. */
export function closedReason(error: RequestAbortedError): string {
  switch (error.phase) {
    case 'in-flight':
      return 'close() timed out while its request to Braze was in flight (Braze may have processed it)';
    case 'backoff':
      return `close() timed out while its request to Braze waited to be retried, after ${error.attempts} failed attempt(s)`;
    default:
      return error.attempts === 0
        ? 'close() timed out before the event was sent to Braze'
        : `close() timed out while its request to Braze waited for a slot to be retried, after ${error.attempts} failed attempt(s)`;
  }
}

/** How a failed request's error passes: `undefined` when retrying cannot fix it. */
function pauseFor(error: RegalBrazeError): Pause | undefined {
  if (error instanceof RateLimitError) return { cause: 'rate-limited', ms: error.retryAfterMs };
  if (error instanceof AuthenticationError) return { cause: 'unauthorized' };
  if (error instanceof ApiError) {
    return error.status === 408 || error.status >= 500 ? { cause: 'unavailable' } : undefined;
  }
  // Timeouts, connection errors, an abort that was not ours: Braze's state, not the event's.
  return { cause: 'unavailable' };
}

const STRENGTH = { unavailable: 0, 'rate-limited': 1, unauthorized: 2 } as const;

function stronger(a: Pause | undefined, b: Pause): Pause {
  if (a === undefined || STRENGTH[b.cause] > STRENGTH[a.cause]) return b;
  if (a.cause === 'rate-limited' && b.cause === 'rate-limited') {
    return { cause: 'rate-limited', ms: Math.max(a.ms ?? 0, b.ms ?? 0) || undefined };
  }
  return a;
}

/**
 * True when Braze refused a request as a whole for its content (400, or 413 "Max Input Length
 * Exceeded"): nothing accepted, every object failed with that answer. Sent again event by
 * event, one bad event does not take the others down with it. Not for 401/403, 429 or 5xx:
 * those are Braze's state, the same for every event.
 */
export function refusedWhole(result: TrackResult | undefined): boolean {
  if (result === undefined || result.accepted > 0 || result.errors.length === 0) return false;
  return result.errors.every(
    (error) =>
      error.status === 'failed' &&
      error.error instanceof ApiError &&
      (error.error.status === 400 || error.error.status === 413),
  );
}

function describeAge(ms: number): string {
  if (ms === 0) return '0 ms';
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms % 1_000 === 0) return `${ms / 1_000} s`;
  return `${ms} ms`;
}

/**
 * Settles a batch: `events[i]` was sent as body `i` of the `track` call that resolved to
 * `result`, or that threw `thrown` (only a bug: bodies were validated when accepted).
 */
export function settleBatch(
  events: readonly QueueEntry[],
  result: TrackResult | undefined,
  thrown: unknown,
  context: SettleContext,
): Settlement {
  const settlement: Settlement & { pause: Pause | undefined } = {
    delivered: [],
    retries: [],
    dead: [],
    released: [],
    pause: undefined,
  };
  const byEvent = new Map<number, TrackObjectError[]>();
  for (const error of result?.errors ?? []) {
    const list = byEvent.get(error.body);
    if (list === undefined) byEvent.set(error.body, [error]);
    else list.push(error);
  }
  events.forEach((entry, index) => {
    const sent = toSend(entry);
    if (result === undefined) {
      const error =
        thrown instanceof RegalBrazeError
          ? thrown
          : new RegalBrazeError(`Unexpected error: ${escapeUnprintable(String(thrown))}`);
      settlement.dead.push({
        entry,
        kind: 'failed',
        reason: error.message,
        undelivered: sent,
        nothingDelivered: entry.undelivered === undefined,
        error,
      });
      return;
    }
    const errors = byEvent.get(index);
    if (errors === undefined) {
      settlement.delivered.push(entry);
      return;
    }
    const undelivered = bodyOf(errors);
    const nothingDelivered =
      entry.undelivered === undefined && errors.length === objectsOf(entry.counts);
    const rejected = errors.filter((error) => error.status === 'rejected');
    if (rejected.length > 0) {
      const first = rejected[0] as TrackObjectError & { reason: string };
      settlement.dead.push({
        entry,
        kind: 'rejected',
        reason: `Braze refused ${rejected.length} of ${objectsOf(entry.counts)} object(s): ${first.reason}`,
        undelivered,
        nothingDelivered,
        error: undefined,
      });
      return;
    }
    const failed = errors[0] as TrackObjectError & { status: 'failed' };
    const error = failed.error;
    if (context.gaveUp && error instanceof RequestAbortedError) {
      settlement.released.push({ entry, error });
      return;
    }
    const pause = pauseFor(error);
    const age = context.now - entry.acceptedAt;
    if (pause === undefined || age >= context.maxEventAgeMs) {
      settlement.dead.push({
        entry,
        kind: 'failed',
        reason:
          pause === undefined
            ? error.message
            : `not delivered within ${describeAge(context.maxEventAgeMs)} (maxEventAgeMs), ${entry.attempts + 1} attempt(s); last: ${error.message}`,
        undelivered,
        nothingDelivered,
        error,
      });
      return;
    }
    settlement.pause = stronger(settlement.pause, pause);
    const partly = errors.length < objectsOf(entry.counts);
    settlement.retries.push({
      entry,
      reason: error.message,
      ...(partly
        ? { undelivered: { body: undelivered, counts: objectCountsOf(undelivered) } }
        : {}),
    });
  });
  return settlement;
}

/**
 * The settlement of a batch whose events were each sent alone: every part's outcomes, and the
 * strongest pause, as for one answer.
 */
export function mergeSettlements(parts: readonly Settlement[]): Settlement {
  let pause: Pause | undefined;
  for (const part of parts) {
    if (part.pause !== undefined && (pause === undefined || part.pause.cause !== 'unavailable')) {
      pause = part.pause;
    }
  }
  return {
    delivered: parts.flatMap((part) => part.delivered),
    retries: parts.flatMap((part) => part.retries),
    dead: parts.flatMap((part) => part.dead),
    released: parts.flatMap((part) => part.released),
    pause,
  };
}
