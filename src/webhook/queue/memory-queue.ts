import { wholeNumber, type OptionsSpec } from '../../common/options.js';
import { epochClock, leaseMs, readStoreOptions } from '../store-options.js';
import {
  matchesDeadLetter,
  newEntry,
  toDeadLetter,
  type DeadLetter,
  type DeadLetterFilter,
  type DeliveryQueue,
  type GiveUp,
  type NewEntry,
  type QueueDepth,
  type QueueEntry,
  type RetryLater,
} from './queue.js';
import { objectCountsOf } from '../../braze/plan-requests.js';

/** Options of {@link memoryQueue}. */
export interface MemoryQueueOptions {
  /**
   * Bytes of queued entries (event and body as JSON) held at most; beyond it `append` refuses
   * (the bridge answers `503`). Default 67 108 864 (64 MiB).
   */
  maxQueueBytes?: number;
  /** How long a lease lasts without renewal, in ms. Default 60 000. */
  visibilityMs?: number;
  /** Clock in epoch ms (tests). Default `Date.now`. */
  now?: () => number;
}

interface Held {
  entry: QueueEntry;
  notBefore: number;
  leasedUntil: number;
}

/** Internal: how each `memoryQueue` option is read. */
const MEMORY_QUEUE_OPTIONS = {
  maxQueueBytes: { check: wholeNumber(1), default: 64 * 1024 * 1024 },
  visibilityMs: { check: leaseMs, default: 60_000 },
  now: { check: epochClock, default: Date.now },
} as const satisfies OptionsSpec;

/**
 * A {@link DeliveryQueue} in process memory, bounded in bytes. **Not durable**: a crash, a
 * `kill -9` or a deploy loses every event it holds (dead letters included), though each was
 * answered `202`. For tests and short-lived handlers; `sqliteQueue` keeps them on disk.
 *
 * @example
 * ```ts
 * const handler = createWebhookHandler({ queue: memoryQueue({ maxQueueBytes: 16 * 1024 * 1024 }) });
 * ```
 */
export function memoryQueue(options: MemoryQueueOptions = {}): DeliveryQueue {
  const { maxQueueBytes, visibilityMs, now } = readStoreOptions(
    'memoryQueue',
    MEMORY_QUEUE_OPTIONS,
    options,
  );

  // Map iteration follows insertion, and ids only grow: oldest first.
  const held = new Map<string, Held>();
  const dead = new Map<string, DeadLetter>();
  let lastId = 0;
  let bytes = 0;
  let closed = false;

  const open = (): void => {
    if (closed) throw new Error('the queue is closed');
  };
  const insert = (entry: QueueEntry): void => {
    held.set(entry.id, { entry, notBefore: 0, leasedUntil: 0 });
    bytes += entry.bytes;
  };
  const take = (id: string): Held | undefined => {
    const item = held.get(id);
    if (item === undefined) return undefined;
    held.delete(id);
    bytes -= item.entry.bytes;
    return item;
  };
  const select = (filter: DeadLetterFilter = {}): DeadLetter[] => {
    const found: DeadLetter[] = [];
    for (const letter of dead.values()) {
      if (filter.limit !== undefined && found.length >= filter.limit) break;
      if (matchesDeadLetter(letter, filter)) found.push(letter);
    }
    return found;
  };

  return {
    description: 'memory (not durable: a crash loses what is queued)',
    durable: false,
    visibilityMs,

    async append(entry: NewEntry) {
      open();
      if (bytes + entry.bytes > maxQueueBytes && held.size > 0) return undefined;
      const id = String(++lastId);
      insert({
        ...entry,
        id,
        acceptedAt: now(),
        attempts: 0,
        lastAttemptAt: undefined,
        lastReason: undefined,
        undelivered: undefined,
      });
      return id;
    },

    async lease(max) {
      open();
      const at = now();
      const leased: QueueEntry[] = [];
      for (const item of held.values()) {
        if (leased.length >= max) break;
        if (item.notBefore > at || item.leasedUntil > at) continue;
        item.leasedUntil = at + visibilityMs;
        leased.push(item.entry);
      }
      return leased;
    },

    async renew(ids) {
      open();
      const until = now() + visibilityMs;
      for (const id of ids) {
        const item = held.get(id);
        if (item !== undefined && item.leasedUntil > 0) item.leasedUntil = until;
      }
    },

    async ack(ids) {
      open();
      for (const id of ids) take(id);
    },

    async retry(entries: readonly RetryLater[]) {
      open();
      const at = now();
      for (const retry of entries) {
        const item = held.get(retry.id);
        if (item === undefined) continue;
        const { entry } = item;
        item.entry = {
          ...entry,
          attempts: entry.attempts + 1,
          lastAttemptAt: at,
          lastReason: retry.reason,
          ...(retry.undelivered === undefined
            ? {}
            : { undelivered: retry.undelivered.body, counts: retry.undelivered.counts }),
        };
        item.notBefore = retry.notBefore;
        item.leasedUntil = 0;
      }
    },

    async release(ids) {
      open();
      for (const id of ids) {
        const item = held.get(id);
        if (item !== undefined) item.leasedUntil = 0;
      }
    },

    async deadLetter(entries: readonly GiveUp[]) {
      open();
      const at = now();
      for (const giveUp of entries) {
        const item = take(giveUp.id);
        if (item === undefined) continue;
        dead.set(item.entry.id, toDeadLetter(item.entry, giveUp, at));
      }
    },

    async listDeadLetters(filter) {
      open();
      return select(filter);
    },

    async replayDeadLetters(filter) {
      open();
      const letters = select(filter);
      for (const letter of letters) {
        dead.delete(letter.id);
        const id = String(++lastId);
        insert({
          ...newEntry(letter.event, letter.eventId, undefined, letter.body),
          counts: objectCountsOf(letter.undelivered),
          id,
          acceptedAt: now(),
          attempts: 0,
          lastAttemptAt: undefined,
          lastReason: undefined,
          undelivered: letter.undelivered,
        });
      }
      return letters;
    },

    async purgeDeadLetters(filter) {
      open();
      const letters = select(filter);
      for (const letter of letters) dead.delete(letter.id);
      return letters.length;
    },

    async depth(): Promise<QueueDepth> {
      const first = held.values().next();
      return {
        entries: held.size,
        bytes,
        // Ids and acceptedAt grow together: the first entry is the oldest.
        oldestAcceptedAt: first.done === true ? undefined : first.value.entry.acceptedAt,
        deadLetters: dead.size,
      };
    },

    async close() {
      closed = true;
    },
  };
}
