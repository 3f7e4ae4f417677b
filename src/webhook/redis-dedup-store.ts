import type { OptionsSpec } from '../common/options.js';
import type { DedupStore } from './dedup-store.js';
import { REDIS_GROUP_OPTION, REDIS_URL_OPTION, redisConnection } from './queue/redis-connection.js';
import { readStoreOptions } from './store-options.js';

/** Options of {@link redisDedupStore}. */
export interface RedisDedupStoreOptions {
  /** The Redis server, `redis://[user:password@]host:port[/db]` (or `rediss://`). Default: `REDIS_URL`. */
  url?: string;
  /**
   * The bridge group, as given to `redisQueue`: instances of one group recognise each other's
   * copies. Default `"regal-braze"`.
   */
  group?: string;
}

/** A {@link DedupStore} in Redis; `close()` ends its connection. */
export interface RedisDedupStore extends DedupStore {
  /** Closes the connection to Redis. Idempotent. */
  close(): Promise<void>;
}

/** Internal: how each `redisDedupStore` option is read. */
const REDIS_DEDUP_STORE_OPTIONS = {
  url: REDIS_URL_OPTION,
  group: REDIS_GROUP_OPTION,
} as const satisfies OptionsSpec;

/**
 * A {@link DedupStore} shared by every instance of the bridge on one Redis: each accepted
 * `eventId` is a key set with `SET NX PX` (atomic, so two instances receiving the same event at
 * once forward it once), expiring after the de-duplication window. Keys are
 * `regal-braze:{<group>}:seen:<eventId>`. Connects on first use (node-redis, imported then).
 *
 * @example
 * ```ts
 * const handler = createWebhookHandler({
 *   queue: redisQueue({ url: process.env.REDIS_URL }),
 *   dedupStore: redisDedupStore({ url: process.env.REDIS_URL }),
 * });
 * ```
 */
export function redisDedupStore(options: RedisDedupStoreOptions = {}): RedisDedupStore {
  const { url, group } = readStoreOptions('redisDedupStore', REDIS_DEDUP_STORE_OPTIONS, options);
  const redis = redisConnection(url);
  const prefix = `regal-braze:{${group}}:seen:`;
  return {
    has: async (key) => (await redis.send(['EXISTS', prefix + key])) === 1,
    add: async (key, ttlMs) =>
      (await redis.send(['SET', prefix + key, '1', 'NX', 'PX', Math.max(1, Math.ceil(ttlMs))])) ===
      'OK',
    delete: async (key) => {
      await redis.send(['DEL', prefix + key]);
    },
    close: () => redis.close(),
  };
}
