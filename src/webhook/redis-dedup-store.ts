import { ValidationError, type Issue } from '../errors/index.js';
import { readEnv } from '../shared/options.js';
import type { DedupStore } from './dedup-store.js';
import { isRedisUrl, redisConnection } from './queue/redis-connection.js';

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

const TARGET = 'redisDedupStore options';
const GROUP = /^[A-Za-z0-9._:-]{1,100}$/;

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
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError(TARGET, [{ path: [], message: 'must be an object' }]);
  }
  const o = options as Record<string, unknown>;
  const issues: Issue[] = [];
  for (const key of Object.keys(o)) {
    if (key !== 'url' && key !== 'group') {
      issues.push({ path: [key], message: 'is not an option (url, group)' });
    }
  }
  const url = o.url ?? readEnv('REDIS_URL');
  if (!isRedisUrl(url)) {
    issues.push({
      path: ['url'],
      message:
        url === undefined
          ? 'is required: pass url or set REDIS_URL (redis://host:port)'
          : 'must be a redis:// or rediss:// URL',
    });
  }
  const group = o.group ?? 'regal-braze';
  if (typeof group !== 'string' || !GROUP.test(group)) {
    issues.push({ path: ['group'], message: 'must be 1 to 100 of A-Z a-z 0-9 . _ : -' });
  }
  if (issues.length > 0) throw new ValidationError(TARGET, issues);

  const redis = redisConnection(url as string);
  const prefix = `regal-braze:{${group as string}}:seen:`;
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
