/**
 * The delivery queue of the webhook bridge: where an accepted Regal event waits until Braze has
 * it. The bridge answers `202` only once {@link DeliveryQueue.append} resolved, so what the
 * store keeps across a crash is what the bridge keeps.
 *
 * The contract is the common ground of an embedded database (SQLite) and a Redis Stream read
 * through a consumer group: ordered entries, each leased to one consumer at a time for a
 * visibility timeout, acknowledged once delivered, or put back to be retried later, or moved to
 * the dead letters kept in the same store.
 */
import type { UsersTrackRequest } from '../../transforms/users-track/users-track.js';
import { utf8Length } from '../../transforms/core/utf8-length.js';
import { objectCountsOf, type ObjectCounts } from '../../braze/plan-requests.js';
import type { DeliveryFailureKind } from '../delivery-failure.js';

/** Objects per `/users/track` array (`attributes`, `events`, `purchases`) and their bytes. */
export type { ObjectCounts };

/** What the bridge appends for an accepted event. */
export interface NewEntry {
  /** The Regal event as it was posted (parsed JSON). */
  readonly event: Readonly<Record<string, unknown>>;
  /** Its `eventId` (or `event_id`), when it had one. */
  readonly eventId: string | undefined;
  /** The de-duplication key held for it, to forget if nothing of it reaches Braze. */
  readonly dedupKey: string | undefined;
  /** The `/users/track` body the event was transformed into. */
  readonly body: UsersTrackRequest;
  /** Objects still to deliver, per array (of `body` when appended). */
  readonly counts: ObjectCounts;
  /** Size of the entry as stored (JSON bytes of `event` and `body`): what byte bounds count. */
  readonly bytes: number;
}

/** An entry as the store holds it. */
export interface QueueEntry extends NewEntry {
  /**
   * The store's id. Ids order entries by arrival (compare with {@link compareEntryIds}): a
   * SQLite row id, a Redis Stream id (`"1733097600000-0"`).
   */
  readonly id: string;
  /** When the event was accepted (epoch ms), or re-queued from the dead letters. */
  readonly acceptedAt: number;
  /** Delivery attempts settled so far (0 for a new entry). */
  readonly attempts: number;
  /** When the last attempt settled (epoch ms), `undefined` before the first. */
  readonly lastAttemptAt: number | undefined;
  /** Why the last attempt did not deliver it, `undefined` before the first. */
  readonly lastReason: string | undefined;
  /**
   * The objects of `body` Braze has not accepted yet, once it accepted part of them (the event
   * was split over several requests and only some went through); `undefined`: all of `body`.
   * `counts` then counts these.
   */
  readonly undelivered: UsersTrackRequest | undefined;
}

/** An entry to send again later. */
export interface RetryLater {
  /** The entry's id. */
  readonly id: string;
  /** Not leased again before this time (epoch ms). */
  readonly notBefore: number;
  /** Why this attempt failed (one line). */
  readonly reason: string;
  /**
   * When Braze accepted part of the entry: the objects still to deliver, and their counts.
   * Omitted: what was to deliver stays to deliver.
   */
  readonly undelivered?: { readonly body: UsersTrackRequest; readonly counts: ObjectCounts };
}

/**
 * Why a dead letter was given up on (as `DeliveryFailure.kind`):
 * - `rejected`: Braze refused its objects in a 2xx answer (listed in `errors`): sending them
 *   unchanged gets the same answer;
 * - `failed`: its request failed in a way retrying cannot fix (a 4xx other than 401, 403, 408
 *   and 429, for the event sent alone), or it was not delivered within `maxEventAgeMs` (Braze
 *   down, rate-limiting or refusing the key all that time).
 */
export type DeadLetterKind = Exclude<DeliveryFailureKind, 'closed'>;

/** An entry to move to the dead letters. */
export interface GiveUp {
  /** The entry's id. */
  readonly id: string;
  /** Which kind of giving up. */
  readonly kind: DeadLetterKind;
  /** Why, in one line (Braze's answer, the error). */
  readonly reason: string;
  /** The objects Braze did not accept (default: what was still to deliver). */
  readonly undelivered?: UsersTrackRequest;
}

/** An event the bridge gave up on, kept in the store until replayed or purged. */
export interface DeadLetter {
  /** The dead letter's id (the entry's id). */
  readonly id: string;
  /** The Regal event as it was posted. */
  readonly event: Readonly<Record<string, unknown>>;
  /** Its `eventId`, when it had one. */
  readonly eventId: string | undefined;
  /** The `/users/track` body it was transformed into. */
  readonly body: UsersTrackRequest;
  /** The objects of `body` Braze did not accept. */
  readonly undelivered: UsersTrackRequest;
  /** Why it was given up on. */
  readonly kind: DeadLetterKind;
  /** The reason of the last attempt, in one line. */
  readonly reason: string;
  /** Delivery attempts made. */
  readonly attempts: number;
  /** When the event was accepted (epoch ms). */
  readonly acceptedAt: number;
  /** When the last attempt settled (epoch ms). */
  readonly lastAttemptAt: number | undefined;
  /** When it became a dead letter (epoch ms). */
  readonly deadAt: number;
}

/** Which dead letters to list, replay or purge; every field given must match. */
export interface DeadLetterFilter {
  /** Only those of this kind. */
  readonly kind?: DeadLetterKind;
  /** Only those whose `reason` contains this text (case-insensitive). */
  readonly reason?: string;
  /** Only those whose Regal event has this `name` (e.g. `"call.completed"`). */
  readonly eventName?: string;
  /** At most this many (oldest first). */
  readonly limit?: number;
}

/** The queue's size, for metrics and `stats()`. */
export interface QueueDepth {
  /** Entries waiting or leased (not yet delivered nor dead). */
  readonly entries: number;
  /** Their bytes (as counted by {@link NewEntry.bytes}). */
  readonly bytes: number;
  /** `acceptedAt` of the oldest entry, `undefined` when empty. */
  readonly oldestAcceptedAt: number | undefined;
  /** Dead letters kept. */
  readonly deadLetters: number;
}

/**
 * A store of accepted events waiting for Braze: {@link memoryQueue} (not durable),
 * `sqliteQueue` (one process, on disk), `redisQueue` (several instances).
 *
 * Rules every implementation keeps (checked by the shared contract tests):
 * - `append` resolves only once the entry is committed (as durable as the store promises);
 *   many appends at once are committed together (group commit), so each waits about one commit.
 * - `lease` hands out entries oldest first, each to one caller at a time: an entry is leased
 *   when it is not held (never leased, or retried and its `notBefore` passed, or its lease
 *   expired: the consumer that held it died). A lease lasts `visibilityMs` from `lease` or the
 *   last `renew`; a consumer holding entries (Braze down) renews them.
 * - An entry leaves the queue by `ack` (delivered) or `deadLetter` only; `retry` and `release`
 *   put it back. Calls naming an id the store does not hold (or no longer leased by this
 *   consumer, where the store can tell) skip it.
 * - Methods never resolve before their change is committed; they reject only when the store
 *   itself fails (disk, connection).
 */
export interface DeliveryQueue {
  /** One line saying what the store is and how durable (`"sqlite ./data/queue.db (WAL)"`). */
  readonly description: string;
  /**
   * Whether entries outlive the process. The bridge's `close()` leaves a durable queue's
   * entries for the next start; a queue that is not durable is drained, and what is left when
   * `close()` times out goes to `onDeliveryFailure`.
   */
  readonly durable: boolean;
  /** How long a lease lasts without `renew`, in ms. */
  readonly visibilityMs: number;
  /**
   * Commits an accepted event. Resolves to its id once committed, or to `undefined` when the
   * store is full (the bridge answers `503`; nothing was stored).
   */
  append(entry: NewEntry): Promise<string | undefined>;
  /**
   * Leases up to `max` entries ready now (oldest first), reclaiming those whose lease expired.
   * Resolves to `[]` when none is ready.
   */
  lease(max: number): Promise<QueueEntry[]>;
  /** Extends the lease of these entries by `visibilityMs` from now. */
  renew(ids: readonly string[]): Promise<void>;
  /** Delivered: removes the entries. */
  ack(ids: readonly string[]): Promise<void>;
  /**
   * Puts entries back to be leased again from `notBefore`, one more attempt counted. A store
   * may hand a retried entry back under a new id (a Redis Stream re-adds it); its event,
   * `acceptedAt`, attempts and reason are kept.
   */
  retry(entries: readonly RetryLater[]): Promise<void>;
  /** Puts leased entries back as they were (no attempt counted), ready at once. */
  release(ids: readonly string[]): Promise<void>;
  /** Moves entries to the dead letters (with their event, attempts, times and the reason). */
  deadLetter(entries: readonly GiveUp[]): Promise<void>;
  /** The dead letters matching `filter`, oldest first. */
  listDeadLetters(filter?: DeadLetterFilter): Promise<DeadLetter[]>;
  /**
   * Queues the matching dead letters again (their undelivered objects, attempts from 0,
   * `acceptedAt` now) and removes them from the dead letters. Resolves to those re-queued.
   */
  replayDeadLetters(filter?: DeadLetterFilter): Promise<DeadLetter[]>;
  /** Deletes the matching dead letters; resolves to how many. */
  purgeDeadLetters(filter?: DeadLetterFilter): Promise<number>;
  /** Entries, bytes, age of the oldest, dead letters. */
  depth(): Promise<QueueDepth>;
  /**
   * Commits what is pending and closes the store. Leased entries stay in the store: the next
   * start (or another instance, after their lease) delivers them. Idempotent.
   */
  close(): Promise<void>;
}

/** Orders two ids of one store by arrival: negative when `a` came first. */
export function compareEntryIds(a: string, b: string): number {
  // Both SQLite row ids and Redis Stream ids ("ms-seq") compare as numbers, part by part.
  const [aMs = '0', aSeq = '0'] = a.split('-');
  const [bMs = '0', bSeq = '0'] = b.split('-');
  return (
    aMs.length - bMs.length ||
    (aMs < bMs ? -1 : aMs > bMs ? 1 : 0) ||
    aSeq.length - bSeq.length ||
    (aSeq < bSeq ? -1 : aSeq > bSeq ? 1 : 0)
  );
}

/**
 * The entry to append for an event and its body: counts and bytes measured. Stores use it to
 * re-queue a dead letter too.
 */
export function newEntry(
  event: Readonly<Record<string, unknown>>,
  eventId: string | undefined,
  dedupKey: string | undefined,
  body: UsersTrackRequest,
): NewEntry {
  return {
    event,
    eventId,
    dedupKey,
    body,
    counts: objectCountsOf(body),
    bytes: utf8Length(JSON.stringify(event)) + utf8Length(JSON.stringify(body)),
  };
}

/** Whether a dead letter matches a filter (its `limit` aside). */
export function matchesDeadLetter(letter: DeadLetter, filter: DeadLetterFilter = {}): boolean {
  if (filter.kind !== undefined && letter.kind !== filter.kind) return false;
  if (
    filter.reason !== undefined &&
    !letter.reason.toLowerCase().includes(filter.reason.toLowerCase())
  ) {
    return false;
  }
  if (filter.eventName !== undefined && letter.event.name !== filter.eventName) return false;
  return true;
}

/**
 * Internal: the dead letter `entry` becomes when it is given up on at `at` (epoch ms): this try
 * counts, and what is undelivered is the give-up's, else what was left after earlier tries.
 */
export function toDeadLetter(entry: QueueEntry, giveUp: GiveUp, at: number): DeadLetter {
  return {
    id: entry.id,
    event: entry.event,
    eventId: entry.eventId,
    body: entry.body,
    undelivered: giveUp.undelivered ?? entry.undelivered ?? entry.body,
    kind: giveUp.kind,
    reason: giveUp.reason,
    attempts: entry.attempts + 1,
    acceptedAt: entry.acceptedAt,
    lastAttemptAt: at,
    deadAt: at,
  };
}
