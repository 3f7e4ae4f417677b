import { objectCountsOf } from '../../braze/plan-requests.js';
import { readEnv, type OptionsSpec } from '../../common/options.js';
import { leaseMs, readStoreOptions } from '../store-options.js';
import type { UsersTrackRequest } from '../../transforms/users-track/users-track.js';
import {
  compareEntryIds,
  matchesDeadLetter,
  newEntry,
  toDeadLetter,
  type DeadLetter,
  type DeadLetterFilter,
  type DeliveryQueue,
  type GiveUp,
  type NewEntry,
  type ObjectCounts,
  type QueueDepth,
  type QueueEntry,
} from './queue.js';
import {
  REDIS_GROUP_OPTION,
  REDIS_URL_OPTION,
  redisConnection,
  redisName,
  shownRedisUrl,
  type RedisConnection,
  type RedisReply,
} from './redis-connection.js';

/** Options of {@link redisQueue}. */
export interface RedisQueueOptions {
  /** The Redis server, `redis://[user:password@]host:port[/db]` (or `rediss://`). Default: `REDIS_URL`. */
  url?: string;
  /**
   * The bridge group: instances with the same group share one queue (one Redis Stream and its
   * consumer group) and deliver each event once. Default `"regal-braze"`.
   */
  group?: string;
  /**
   * This instance's name in the consumer group. Default: `HOSTNAME` and the process id. An instance
   * started again under the same name takes back at once the entries it held; others take
   * them after `visibilityMs`.
   */
  consumer?: string;
  /**
   * How long an instance holds entries without renewing them before another may claim them
   * (an instance that died mid-batch), in ms. Default 60 000.
   */
  visibilityMs?: number;
}

/** The consumer group every instance of a bridge group reads through. */
const READERS = 'bridge';

/** The stored form of an entry (the stream entry's `e` field). */
interface StoredEntry {
  event: Readonly<Record<string, unknown>>;
  eventId?: string;
  dedupKey?: string;
  body: UsersTrackRequest;
  counts: ObjectCounts;
  bytes: number;
  acceptedAt: number;
}

/** What changes as an entry is tried (the `meta` hash). */
interface EntryMeta {
  attempts: number;
  lastAttemptAt?: number;
  lastReason?: string;
  undelivered?: UsersTrackRequest;
  undeliveredCounts?: ObjectCounts;
}

interface StoredDeadLetter extends Omit<DeadLetter, 'eventId' | 'lastAttemptAt'> {
  eventId?: string;
  lastAttemptAt?: number;
  bytes: number;
}

// Removes the entry `id` found by XRANGE (`found`) from the stream, its meta and the retry set,
// and its bytes from the total. KEYS: stream, meta, retry, bytes. ARGV[1]: readers group.
const REMOVE_FOUND = `
    local fields = found[1][2]
    local bytes = 0
    for f = 1, #fields, 2 do if fields[f] == 'b' then bytes = tonumber(fields[f + 1]) end end
    redis.call('XACK', KEYS[1], ARGV[1], id)
    redis.call('XDEL', KEYS[1], id)
    redis.call('HDEL', KEYS[2], id)
    redis.call('ZREM', KEYS[3], id)
    redis.call('DECRBY', KEYS[4], bytes)`;

// Settles entries atomically, skipping ids the stream no longer holds. KEYS: stream, meta,
// retry, bytes. ARGV: readers group, then id per entry.
const ACK = `
local n = 0
for i = 2, #ARGV do
  local id = ARGV[i]
  local found = redis.call('XRANGE', KEYS[1], id, id)
  if #found > 0 then${REMOVE_FOUND}
    n = n + 1
  end
end
return n`;

// Moves entries to the dead letters. KEYS: stream, meta, retry, bytes, dead. ARGV: readers
// group, then id and dead letter JSON per entry.
const DEAD_LETTER = `
for i = 2, #ARGV, 2 do
  local id = ARGV[i]
  local found = redis.call('XRANGE', KEYS[1], id, id)
  if #found > 0 then${REMOVE_FOUND}
    redis.call('HSET', KEYS[5], id, ARGV[i + 1])
  end
end
return 1`;

// Puts entries back to wait. KEYS: stream, meta, retry. ARGV: id, not-before, meta JSON (or
// '' to keep the meta as it is) per entry.
const RETRY = `
for i = 1, #ARGV, 3 do
  local id = ARGV[i]
  if #redis.call('XRANGE', KEYS[1], id, id) > 0 then
    if ARGV[i + 2] ~= '' then redis.call('HSET', KEYS[2], id, ARGV[i + 2]) end
    redis.call('ZADD', KEYS[3], ARGV[i + 1], id)
  end
end
return 1`;

// Queues a dead letter again as a new entry. KEYS: stream, bytes, dead, meta. ARGV: dead
// letter id, entry JSON, bytes, accepted-at, meta JSON. Returns the new id, or false when the
// letter is gone.
const REPLAY = `
if redis.call('HDEL', KEYS[3], ARGV[1]) == 0 then return false end
redis.call('INCRBY', KEYS[2], ARGV[3])
local id = redis.call('XADD', KEYS[1], '*', 'e', ARGV[2], 'b', ARGV[3], 'a', ARGV[4])
redis.call('HSET', KEYS[4], id, ARGV[5])
return id`;

/** `HOSTNAME` (a container's name) and the process id, where the runtime has them. */
function defaultConsumer(): string {
  const pid = (globalThis as { process?: { pid?: number } }).process?.pid;
  const host = (readEnv('HOSTNAME') ?? 'bridge').replace(/[^A-Za-z0-9._:-]/g, '_').slice(0, 80);
  return pid === undefined ? host : `${host}-${pid}`;
}

/** Internal: how each `redisQueue` option is read. */
const REDIS_QUEUE_OPTIONS = {
  url: REDIS_URL_OPTION,
  group: REDIS_GROUP_OPTION,
  // Defaults to `defaultConsumer()`, read when the queue is made.
  consumer: { check: redisName },
  visibilityMs: { check: leaseMs, default: 60_000 },
} as const satisfies OptionsSpec;

/** The entries of one stream in an XREADGROUP reply (node-redis gives it as an object). */
function readGroupItems(reply: unknown, key: string): RedisReply {
  if (reply === null || typeof reply !== 'object') return [];
  if (Array.isArray(reply)) return (reply as [string, RedisReply][])[0]?.[1] ?? [];
  return (reply as Record<string, RedisReply>)[key] ?? [];
}

/** The id of the last item of a stream reply (deleted entries included). */
function lastIdOf(reply: RedisReply): string | undefined {
  if (!Array.isArray(reply) || reply.length === 0) return undefined;
  const last = reply[reply.length - 1];
  return Array.isArray(last) && typeof last[0] === 'string' ? last[0] : undefined;
}

/** `[id, [field, value, …]]` entries of XRANGE / XREADGROUP / XCLAIM / XAUTOCLAIM replies. */
function streamEntries(reply: RedisReply): [string, StoredEntry][] {
  const entries: [string, StoredEntry][] = [];
  if (!Array.isArray(reply)) return entries;
  for (const item of reply) {
    // XAUTOCLAIM lists entries deleted meanwhile as nil.
    if (!Array.isArray(item) || typeof item[0] !== 'string' || !Array.isArray(item[1])) continue;
    const fields = item[1];
    for (let f = 0; f < fields.length; f += 2) {
      if (fields[f] === 'e') entries.push([item[0], JSON.parse(fields[f + 1] as string)]);
    }
  }
  return entries;
}

/** The entry as leased: what was stored, and how its tries went. */
function entryOf(id: string, stored: StoredEntry, meta: EntryMeta): QueueEntry {
  return {
    id,
    event: stored.event,
    eventId: stored.eventId,
    dedupKey: stored.dedupKey,
    body: stored.body,
    counts: meta.undeliveredCounts ?? stored.counts,
    bytes: stored.bytes,
    acceptedAt: stored.acceptedAt,
    attempts: meta.attempts,
    lastAttemptAt: meta.lastAttemptAt,
    lastReason: meta.lastReason,
    undelivered: meta.undelivered,
  };
}

/**
 * A {@link DeliveryQueue} in Redis, shared by several instances of the bridge: one Redis Stream
 * per bridge `group`, read through one consumer group. Each instance leases entries as a
 * consumer of it; an instance that dies holding a batch leaves it pending in the stream, and
 * another claims it (`XAUTOCLAIM`) once it has been idle `visibilityMs`. Live instances renew
 * what they hold. Entries waiting for a retry sit in a sorted set by due time; dead letters in
 * a hash, all in the same Redis under `regal-braze:{<group>}:` (one hash slot).
 *
 * Durability is Redis's: with `appendonly yes` (`appendfsync everysec`), an acknowledged event
 * survives a crash of the bridge and of Redis, but for the last second on power loss.
 *
 * Connects on first use (node-redis, imported then).
 *
 * @example
 * ```ts
 * const handler = createWebhookHandler({ queue: redisQueue({ url: process.env.REDIS_URL }) });
 * ```
 */
export function redisQueue(options: RedisQueueOptions = {}): DeliveryQueue {
  const read = readStoreOptions('redisQueue', REDIS_QUEUE_OPTIONS, options);
  const { url, group, visibilityMs } = read;
  const consumer = read.consumer ?? defaultConsumer();
  const prefix = `regal-braze:{${group}}:`;
  const keys = {
    stream: `${prefix}stream`,
    meta: `${prefix}meta`,
    retry: `${prefix}retry`,
    bytes: `${prefix}bytes`,
    dead: `${prefix}dead`,
  };
  const redis: RedisConnection = redisConnection(url);
  let closed: Promise<void> | undefined;

  let ready: Promise<void> | undefined;
  const prepared = (): Promise<void> => {
    ready ??= redis.send(['XGROUP', 'CREATE', keys.stream, READERS, '0', 'MKSTREAM']).then(
      () => undefined,
      (error: unknown) => {
        if (!String(error).includes('BUSYGROUP')) {
          ready = undefined;
          throw error;
        }
      },
    );
    return ready;
  };
  /**
   * Runs `command` once the consumer group exists; again after creating it when Redis lost it
   * (a restart without persistence: the stream comes back with the next XADD, the group not).
   */
  const withGroup = async (command: () => Promise<RedisReply>): Promise<RedisReply> => {
    await prepared();
    try {
      return await command();
    } catch (error) {
      if (!String(error).includes('NOGROUP')) throw error;
      ready = undefined;
      await prepared();
      return command();
    }
  };
  const send = (args: readonly (string | number)[]) => withGroup(() => redis.send(args));
  const run = (script: string, scriptKeys: string[], args: readonly (string | number)[]) =>
    withGroup(() => redis.eval(script, scriptKeys, args));

  /** Until it has read them all, the entries this consumer held before a restart. */
  let ownCursor: string | undefined = '0-0';
  let claimCursor = '0-0';

  async function withMeta(found: [string, StoredEntry][]): Promise<QueueEntry[]> {
    if (found.length === 0) return [];
    const metas = await metaOf(found.map(([id]) => id));
    return found.map(([id, stored]) => entryOf(id, stored, metas.get(id) ?? { attempts: 0 }));
  }

  /** Drops the entries waiting for a retry (claimed along, they stay due at their time). */
  async function notWaiting(found: [string, StoredEntry][]): Promise<[string, StoredEntry][]> {
    if (found.length === 0) return found;
    const scores = (await send(['ZMSCORE', keys.retry, ...found.map(([id]) => id)])) as (
      string | null
    )[];
    return found.filter((_, index) => scores[index] === null);
  }

  /** Up to `count` entries of the stream after `from` as this consumer reads them (`>`: new). */
  async function readGroup(count: number, from: string): Promise<RedisReply> {
    const args = ['XREADGROUP', 'GROUP', READERS, consumer, 'COUNT', count, 'STREAMS'];
    return readGroupItems(await send([...args, keys.stream, from]), keys.stream);
  }

  async function lease(max: number): Promise<QueueEntry[]> {
    const found: [string, StoredEntry][] = [];
    const room = () => max - found.length;
    // 1. What this consumer held before it restarted (same name).
    while (ownCursor !== undefined && room() > 0) {
      const items = await readGroup(room(), ownCursor);
      ownCursor = lastIdOf(items);
      found.push(...(await notWaiting(streamEntries(items))));
    }
    // 2. Entries put back (retry, release) now due: the first to remove one from the set owns it.
    if (room() > 0) {
      const due = (await send([
        'ZRANGEBYSCORE',
        keys.retry,
        '-inf',
        Date.now(),
        'LIMIT',
        0,
        room(),
      ])) as string[];
      const removed = await Promise.all(due.map((id) => send(['ZREM', keys.retry, id])));
      const won = due.filter((_, index) => removed[index] === 1);
      if (won.length > 0) {
        found.push(
          ...streamEntries(await send(['XCLAIM', keys.stream, READERS, consumer, 0, ...won])),
        );
      }
    }
    // 3. Entries an instance held past visibilityMs without renewing them: it died.
    if (room() > 0) {
      const reply = (await send([
        'XAUTOCLAIM',
        keys.stream,
        READERS,
        consumer,
        visibilityMs,
        claimCursor,
        'COUNT',
        room(),
      ])) as [string, RedisReply];
      claimCursor = reply[0];
      found.push(...(await notWaiting(streamEntries(reply[1]))));
    }
    // 4. New entries.
    if (room() > 0) {
      found.push(...streamEntries(await readGroup(room(), '>')));
    }
    const unique = new Map(found);
    return withMeta([...unique].sort(([a], [b]) => compareEntryIds(a, b)));
  }

  async function metaOf(ids: readonly string[]): Promise<Map<string, EntryMeta>> {
    const metas = new Map<string, EntryMeta>();
    if (ids.length === 0) return metas;
    const texts = (await send(['HMGET', keys.meta, ...ids])) as (string | null)[];
    ids.forEach((id, index) => {
      const text = texts[index];
      metas.set(id, text === null || text === undefined ? { attempts: 0 } : JSON.parse(text));
    });
    return metas;
  }

  async function stored(ids: readonly string[]): Promise<Map<string, StoredEntry>> {
    const entries = new Map<string, StoredEntry>();
    const replies = await Promise.all(ids.map((id) => send(['XRANGE', keys.stream, id, id])));
    for (const reply of replies)
      for (const [id, entry] of streamEntries(reply)) entries.set(id, entry);
    return entries;
  }

  async function deadLetters(filter?: DeadLetterFilter): Promise<DeadLetter[]> {
    const reply = (await send(['HGETALL', keys.dead])) as unknown;
    // node-redis gives a hash as an object; a flat [field, value, …] list in other setups.
    const values: string[] = Array.isArray(reply)
      ? (reply as string[]).filter((_, index) => index % 2 === 1)
      : Object.values(reply as Record<string, string>);
    const letters: DeadLetter[] = [];
    for (const text of values) {
      const letter = JSON.parse(text) as StoredDeadLetter;
      const { bytes: _bytes, ...rest } = letter;
      letters.push({ ...rest, eventId: letter.eventId, lastAttemptAt: letter.lastAttemptAt });
    }
    letters.sort((a, b) => compareEntryIds(a.id, b.id));
    const matching = letters.filter((letter) => matchesDeadLetter(letter, filter));
    return filter?.limit === undefined ? matching : matching.slice(0, filter.limit);
  }

  const appendOne = (entry: NewEntry, acceptedAt: number) => {
    const record: StoredEntry = {
      event: entry.event,
      eventId: entry.eventId,
      dedupKey: entry.dedupKey,
      body: entry.body,
      counts: entry.counts,
      bytes: entry.bytes,
      acceptedAt,
    };
    return JSON.stringify(record);
  };

  return {
    description: `redis ${shownRedisUrl(url)} stream ${keys.stream} (consumer ${consumer})`,
    durable: true,
    visibilityMs,

    async append(entry) {
      const acceptedAt = Date.now();
      // Both sent at once (node-redis pipelines commands of the same tick): one round trip.
      const [id] = await Promise.all([
        send([
          'XADD',
          keys.stream,
          '*',
          'e',
          appendOne(entry, acceptedAt),
          'b',
          entry.bytes,
          'a',
          acceptedAt,
        ]),
        send(['INCRBY', keys.bytes, entry.bytes]),
      ]);
      return id as string;
    },

    lease,

    async renew(ids) {
      if (ids.length === 0) return;
      // Only entries still held by this consumer: XCLAIM would take another's.
      const owners = await Promise.all(
        ids.map((id) => send(['XPENDING', keys.stream, READERS, id, id, 1, consumer])),
      );
      const mine = ids.filter(
        (_, index) => Array.isArray(owners[index]) && (owners[index] as unknown[]).length > 0,
      );
      if (mine.length > 0) {
        await send(['XCLAIM', keys.stream, READERS, consumer, 0, ...mine, 'JUSTID']);
      }
    },

    async ack(ids) {
      if (ids.length === 0) return;
      await run(ACK, [keys.stream, keys.meta, keys.retry, keys.bytes], [READERS, ...ids]);
    },

    async retry(entries) {
      if (entries.length === 0) return;
      const metas = await metaOf(entries.map((entry) => entry.id));
      const now = Date.now();
      const args: (string | number)[] = [];
      for (const entry of entries) {
        const before = metas.get(entry.id) ?? { attempts: 0 };
        const meta: EntryMeta = {
          ...before,
          attempts: before.attempts + 1,
          lastAttemptAt: now,
          lastReason: entry.reason,
        };
        if (entry.undelivered !== undefined) {
          meta.undelivered = entry.undelivered.body;
          meta.undeliveredCounts = entry.undelivered.counts;
        }
        args.push(entry.id, entry.notBefore, JSON.stringify(meta));
      }
      await run(RETRY, [keys.stream, keys.meta, keys.retry], args);
    },

    async release(ids) {
      if (ids.length === 0) return;
      // Due at once, meta unchanged: the next lease takes them first.
      await run(
        RETRY,
        [keys.stream, keys.meta, keys.retry],
        ids.flatMap((id) => [id, 0, '']),
      );
    },

    async deadLetter(entries) {
      if (entries.length === 0) return;
      const ids = entries.map((entry) => entry.id);
      const [records, metas] = await Promise.all([stored(ids), metaOf(ids)]);
      const now = Date.now();
      const args: string[] = [READERS];
      for (const giveUp of entries as readonly GiveUp[]) {
        const record = records.get(giveUp.id);
        if (record === undefined) continue;
        const entry = entryOf(giveUp.id, record, metas.get(giveUp.id) ?? { attempts: 0 });
        const letter: StoredDeadLetter = {
          ...toDeadLetter(entry, giveUp, now),
          bytes: record.bytes,
        };
        args.push(giveUp.id, JSON.stringify(letter));
      }
      if (args.length > 1) {
        await run(DEAD_LETTER, [keys.stream, keys.meta, keys.retry, keys.bytes, keys.dead], args);
      }
    },

    listDeadLetters: deadLetters,

    async replayDeadLetters(filter) {
      const replayed: DeadLetter[] = [];
      for (const letter of await deadLetters(filter)) {
        const entry = newEntry(letter.event, letter.eventId, undefined, letter.body);
        const meta: EntryMeta = {
          attempts: 0,
          undelivered: letter.undelivered,
          undeliveredCounts: objectCountsOf(letter.undelivered),
        };
        const acceptedAt = Date.now();
        const id = await run(
          REPLAY,
          [keys.stream, keys.bytes, keys.dead, keys.meta],
          [letter.id, appendOne(entry, acceptedAt), entry.bytes, acceptedAt, JSON.stringify(meta)],
        );
        if (typeof id === 'string') replayed.push(letter);
      }
      return replayed;
    },

    async purgeDeadLetters(filter) {
      const letters = await deadLetters(filter);
      if (letters.length === 0) return 0;
      return (await send(['HDEL', keys.dead, ...letters.map((letter) => letter.id)])) as number;
    },

    async depth(): Promise<QueueDepth> {
      const [entries, bytes, first, dead] = await Promise.all([
        send(['XLEN', keys.stream]),
        send(['GET', keys.bytes]),
        send(['XRANGE', keys.stream, '-', '+', 'COUNT', 1]),
        send(['HLEN', keys.dead]),
      ]);
      const oldest = streamEntries(first)[0]?.[1].acceptedAt;
      return {
        entries: entries as number,
        bytes: Number(bytes ?? 0),
        oldestAcceptedAt: oldest,
        deadLetters: dead as number,
      };
    },

    close() {
      closed ??= redis.close();
      return closed;
    },
  };
}
