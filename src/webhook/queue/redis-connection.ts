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

/**
 * Connects lazily: the first command waits for the import and the connection. A connection
 * lost later is re-established by node-redis; commands wait for it meanwhile.
 */
export function redisConnection(url: string): RedisConnection {
  let client:
    | Promise<{
        sendCommand(args: string[]): Promise<unknown>;
        close(): Promise<void>;
      }>
    | undefined;
  let closed = false;
  const connected = () => {
    client ??= import('@redis/client').then(async ({ createClient }) => {
      const created = createClient({ url });
      // Errors reach the callers through their commands; an 'error' event without a listener
      // would crash the process.
      created.on('error', () => undefined);
      await created.connect();
      return created as unknown as {
        sendCommand(args: string[]): Promise<unknown>;
        close(): Promise<void>;
      };
    });
    return client;
  };
  const send = async (args: readonly (string | number)[]): Promise<RedisReply> => {
    if (closed) throw new Error('the Redis connection is closed');
    const redis = await connected();
    return (await redis.sendCommand(args.map(String))) as RedisReply;
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
