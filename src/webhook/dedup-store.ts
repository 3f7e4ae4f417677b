import { wholeNumber, type OptionsSpec } from '../common/options.js';
import { epochClock, readStoreOptions } from './store-options.js';
/**
 * Where the bridge remembers which Regal events it has accepted, to acknowledge a second copy
 * (same `eventId`) without forwarding it. In memory by default ({@link MemoryDedupStore});
 * give several instances of the bridge one shared store (Redis, a database) so that a copy
 * reaching another instance is recognised too.
 *
 * Methods may be synchronous or return promises. A store that throws or takes more than a
 * second is treated as empty (the event is forwarded, a warning is logged): a duplicate costs
 * less than a lost event, and Regal does not resend what it could not deliver.
 *
 * @example A Redis-backed store (node-redis v4), shared by every instance:
 * ```ts
 * import { createClient } from 'redis';
 * import type { DedupStore } from 'regal-braze';
 *
 * const redis = await createClient({ url: process.env.REDIS_URL }).connect();
 * const PREFIX = 'regal-braze:event:';
 *
 * export const redisDedupStore: DedupStore = {
 *   has: async (key) => (await redis.exists(PREFIX + key)) === 1,
 *   // SET NX: atomic, so two instances receiving the same event at once forward it once.
 *   add: async (key, ttlMs) => (await redis.set(PREFIX + key, '1', { NX: true, PX: ttlMs })) === 'OK',
 *   delete: async (key) => {
 *     await redis.del(PREFIX + key);
 *   },
 * };
 * ```
 */
export interface DedupStore {
  /** Whether `key` was added less than its `ttlMs` ago (and not deleted since). */
  has(key: string): Promise<boolean> | boolean;
  /**
   * Marks `key` as seen for `ttlMs` milliseconds. Called once an event is accepted (validated
   * and queued), never for a refused one. Return `false` when the key was already there (an
   * atomic set-if-absent, such as Redis `SET NX`, settles a race between two instances
   * receiving the same event at once); `true` or nothing otherwise.
   */
  add(key: string, ttlMs: number): Promise<boolean | void> | boolean | void;
  /**
   * Forgets `key`. Called when nothing of an accepted event reached Braze (it went to
   * `onDeliveryFailure`), so that replaying the event later is not mistaken for a duplicate.
   */
  delete(key: string): Promise<void> | void;
}

/** Options of {@link MemoryDedupStore}. */
export interface MemoryDedupStoreOptions {
  /**
   * Keys kept at most; past it the oldest are forgotten first. Default 100 000 (about 10 MB).
   * At a sustained rate of `r` events per second, the effective window is at most
   * `maxEntries / r` seconds.
   */
  maxEntries?: number;
  /** Clock in milliseconds (tests). Default `Date.now`. */
  now?: () => number;
}

/** Internal: how each `MemoryDedupStore` option is read. */
const MEMORY_DEDUP_STORE_OPTIONS = {
  maxEntries: { check: wholeNumber(1), default: 100_000 },
  now: { check: epochClock, default: Date.now },
} as const satisfies OptionsSpec;

/**
 * The default {@link DedupStore}: keys in memory, each expiring after the `ttlMs` it was added
 * with, the oldest evicted first beyond `maxEntries`. One process only: instances behind a
 * load balancer need a shared store.
 *
 * @example
 * ```ts
 * const handler = createWebhookHandler({
 *   dedupStore: new MemoryDedupStore({ maxEntries: 1_000_000 }),
 *   dedupWindowMs: 24 * 60 * 60 * 1000,
 * });
 * ```
 */
export class MemoryDedupStore implements DedupStore {
  /** Keys kept at most. */
  readonly maxEntries: number;
  readonly #now: () => number;
  /** key -> expiry time; Map iteration order is insertion order, so the oldest come first. */
  readonly #expiries = new Map<string, number>();

  /**
   * Creates an empty store.
   * @param options - see {@link MemoryDedupStoreOptions}.
   */
  constructor(options: MemoryDedupStoreOptions = {}) {
    const { maxEntries, now } = readStoreOptions(
      'MemoryDedupStore',
      MEMORY_DEDUP_STORE_OPTIONS,
      options,
    );
    this.maxEntries = maxEntries;
    this.#now = now;
  }

  /** Keys held now (expired ones included until they are next looked at or evicted). */
  get size(): number {
    return this.#expiries.size;
  }

  /** Whether `key` is held and not expired. */
  has(key: string): boolean {
    const expiry = this.#expiries.get(key);
    if (expiry === undefined) return false;
    if (expiry > this.#now()) return true;
    this.#expiries.delete(key);
    return false;
  }

  /** Holds `key` for `ttlMs`; `false` if it was already held (not expired). */
  add(key: string, ttlMs: number): boolean {
    if (this.has(key)) return false;
    const now = this.#now();
    this.#expiries.set(key, now + ttlMs);
    this.#evict(now);
    return true;
  }

  /** Forgets `key`. */
  delete(key: string): void {
    this.#expiries.delete(key);
  }

  #evict(now: number): void {
    for (const [key, expiry] of this.#expiries) {
      if (this.#expiries.size <= this.maxEntries && expiry > now) break;
      this.#expiries.delete(key);
    }
  }
}
