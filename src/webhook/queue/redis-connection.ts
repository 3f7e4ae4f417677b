/**
 * Internal: one connection to Redis through node-redis (`@redis/client`), imported on first use
 * so that applications without Redis never load it. Commands are sent as raw argument lists
 * (`sendCommand`), whose RESP2 replies are plain arrays and strings.
 */

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

/** Whether `url` is a Redis URL node-redis accepts. */
export function isRedisUrl(url: unknown): url is string {
  if (typeof url !== 'string') return false;
  try {
    return ['redis:', 'rediss:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}

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
