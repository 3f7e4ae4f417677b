/**
 * Internal: one connection to Redis through node-redis (`@redis/client`), imported on first use
 * so that applications without Redis never load it. Commands are sent as raw argument lists
 * (`sendCommand`), whose RESP2 replies are plain arrays and strings.
 */
import type { Check, OptionRule } from '../../common/options.js';

/** A reply as `sendCommand` gives it. */
export type RedisReply = string | number | null | RedisReply[];

/** What the queue and the de-dup store use of a connection. */
export interface RedisConnection {
  send(args: readonly (string | number)[]): Promise<RedisReply>;
  /** Runs a Lua script (`EVAL`). */
  eval(
    script: string,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<RedisReply>;
  close(): Promise<void>;
}

/** The URL with its user and password removed, to show in logs and descriptions. */
export function shownRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.href.replace(/\/$/, '');
  } catch {
    return 'redis (unparsable URL)';
  }
}

/** Internal: a Redis URL node-redis accepts. */
export const redisUrl: Check<string> = (value, path, issues) => {
  if (typeof value === 'string') {
    try {
      if (['redis:', 'rediss:'].includes(new URL(value).protocol)) return value;
    } catch {
      // Not a URL: the same issue.
    }
  }
  issues.push({ path, message: 'must be a redis:// or rediss:// URL' });
  return undefined;
};

/** Internal: the rule of the `url` option of the Redis stores. */
export const REDIS_URL_OPTION = {
  check: redisUrl,
  env: 'REDIS_URL',
  required: '(redis://host:port)',
} as const satisfies OptionRule<string>;

// Group and consumer names: what is safe inside a Redis key and a log line.
const NAME = /^[A-Za-z0-9._:-]{1,100}$/;

/** Internal: a bridge group or consumer name. */
export const redisName: Check<string> = (value, path, issues) => {
  if (typeof value === 'string' && NAME.test(value)) return value;
  issues.push({ path, message: 'must be 1 to 100 of A-Z a-z 0-9 . _ : -' });
  return undefined;
};

/** Internal: the rule of the `group` option of the Redis stores. */
export const REDIS_GROUP_OPTION = {
  check: redisName,
  default: 'regal-braze',
} as const satisfies OptionRule<string>;

/** How long the first connection may take, and then each command, before it fails. */
const CONNECT_TIMEOUT_MS = 3_000;
const COMMAND_TIMEOUT_MS = 3_000;

interface Client {
  sendCommand(args: string[]): Promise<unknown>;
  close(): Promise<void>;
  destroy(): void;
}

/** Rejects with `what` when `promise` takes longer than `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(what)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Connects lazily: the first command waits for the import and the connection (3 s at most; a
 * failed connection is tried again by the next command). Commands fail rather than wait: at once
 * while the connection is down (node-redis reconnects meanwhile), after 3 s when Redis does not
 * answer. The bridge then answers `503` instead of holding the webhook past Regal's 5 s.
 */
export function redisConnection(url: string): RedisConnection {
  let client: Promise<Client> | undefined;
  let closed = false;
  const shown = shownRedisUrl(url);
  const connected = (): Promise<Client> => {
    client ??= import('@redis/client').then(async ({ createClient }) => {
      const created = createClient({
        url,
        disableOfflineQueue: true,
        socket: { connectTimeout: CONNECT_TIMEOUT_MS },
      }) as unknown as Client & {
        on(event: string, listener: () => void): unknown;
        connect(): Promise<unknown>;
      };
      // Errors reach the callers through their commands; an 'error' event without a listener
      // would crash the process.
      created.on('error', () => undefined);
      try {
        await within(
          created.connect(),
          CONNECT_TIMEOUT_MS,
          `cannot connect to Redis at ${shown} within ${CONNECT_TIMEOUT_MS} ms`,
        );
      } catch (error) {
        created.destroy();
        client = undefined;
        throw error;
      }
      return created;
    });
    return client;
  };
  const send = async (args: readonly (string | number)[]): Promise<RedisReply> => {
    if (closed) throw new Error('the Redis connection is closed');
    const redis = await connected();
    return (await within(
      redis.sendCommand(args.map(String)),
      COMMAND_TIMEOUT_MS,
      `Redis at ${shown} did not answer ${String(args[0])} within ${COMMAND_TIMEOUT_MS} ms`,
    )) as RedisReply;
  };
  return {
    send,
    eval: (script, keys, args) => send(['EVAL', script, keys.length, ...keys, ...args]),
    close: async () => {
      if (closed) return;
      closed = true;
      if (client === undefined) return;
      const redis = await client.catch(() => undefined);
      await redis?.close().catch(() => undefined);
    },
  };
}
