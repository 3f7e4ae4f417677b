/**
 * The embedded durable queue: one SQLite file through `node:sqlite` (built into Node ≥ 22.13;
 * nothing native to install), in WAL mode.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { objectCountsOf } from '../../braze/plan-requests.js';
import { ValidationError } from '../../errors/index.js';
import type { Check, OptionsSpec } from '../../common/options.js';
import { leaseMs, readStoreOptions } from '../store-options.js';
import type { UsersTrackRequest } from '../../transforms/users-track/users-track.js';
import {
  newEntry,
  type DeadLetter,
  type DeadLetterFilter,
  type DeadLetterKind,
  type DeliveryQueue,
  type GiveUp,
  type NewEntry,
  type QueueDepth,
  type QueueEntry,
  type RetryLater,
} from './queue.js';

/** Options of {@link sqliteQueue}. */
export interface SqliteQueueOptions {
  /** The database file (created with its directory's `-wal` and `-shm` companions). */
  path: string;
  /**
   * When a commit reaches the disk:
   * - `'normal'` (default): each commit is in the WAL file when `append` resolves, so it
   *   survives the process dying (a crash, `kill -9`, out of memory); the WAL is synced to disk
   *   at checkpoints, so a power loss or kernel crash can lose the commits since the last one
   *   (the file stays consistent).
   * - `'full'`: each commit is also synced to disk (`fsync`) before `append` resolves, so it
   *   survives a power loss too, at the cost of one sync per group commit.
   */
  synchronous?: 'normal' | 'full';
  /** How long a lease lasts without renewal, in ms. Default 60 000. */
  visibilityMs?: number;
}

interface Row {
  id: number | bigint;
  accepted_at: number;
  event: string;
  event_id: string | null;
  dedup_key: string | null;
  body: string;
  undelivered: string | null;
  attributes: number;
  events: number;
  purchases: number;
  object_bytes: number;
  bytes: number;
  attempts: number;
  last_attempt_at: number | null;
  last_reason: string | null;
}

interface DeadRow {
  id: number | bigint;
  event: string;
  event_id: string | null;
  event_name: string | null;
  body: string;
  undelivered: string;
  kind: string;
  reason: string;
  attempts: number;
  accepted_at: number;
  last_attempt_at: number | null;
  dead_at: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS entries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  accepted_at INTEGER NOT NULL,
  event TEXT NOT NULL,
  event_id TEXT,
  dedup_key TEXT,
  body TEXT NOT NULL,
  undelivered TEXT,
  attributes INTEGER NOT NULL,
  events INTEGER NOT NULL,
  purchases INTEGER NOT NULL,
  object_bytes INTEGER NOT NULL,
  bytes INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_attempt_at INTEGER,
  last_reason TEXT,
  not_before INTEGER NOT NULL DEFAULT 0,
  leased_until INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS dead_letters (
  id INTEGER PRIMARY KEY,
  event TEXT NOT NULL,
  event_id TEXT,
  event_name TEXT,
  body TEXT NOT NULL,
  undelivered TEXT NOT NULL,
  kind TEXT NOT NULL,
  reason TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  accepted_at INTEGER NOT NULL,
  last_attempt_at INTEGER,
  dead_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS owner (
  only INTEGER PRIMARY KEY CHECK (only = 1),
  pid INTEGER NOT NULL,
  since INTEGER NOT NULL
);
`;

const ENTRY_COLUMNS =
  'id, accepted_at, event, event_id, dedup_key, body, undelivered, attributes, events, purchases, object_bytes, bytes, attempts, last_attempt_at, last_reason';

type Sqlite = typeof import('node:sqlite');

function loadSqlite(): Sqlite {
  const builtin = (
    globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } }
  ).process?.getBuiltinModule?.('node:sqlite') as Sqlite | undefined;
  if (builtin === undefined) {
    throw new ValidationError('sqliteQueue options', [
      { path: [], message: 'needs node:sqlite (Node 22.13 or later)' },
    ]);
  }
  return builtin;
}

/** Files this process has open as queues (a second handle must not reset the first's leases). */
const OPEN_HERE = new Map<string, number>();

function processAlive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const databasePath: Check<string> = (value, path, issues) => {
  if (typeof value === 'string' && value !== '') return value;
  issues.push({ path, message: 'must be the path of the database file' });
  return undefined;
};

const synchronousMode: Check<'normal' | 'full'> = (value, path, issues) => {
  if (value === 'normal' || value === 'full') return value;
  issues.push({ path, message: 'must be "normal" or "full"' });
  return undefined;
};

/** Internal: how each `sqliteQueue` option is read. */
const SQLITE_QUEUE_OPTIONS = {
  path: { check: databasePath, required: true },
  synchronous: { check: synchronousMode, default: 'normal' },
  visibilityMs: { check: leaseMs, default: 60_000 },
} as const satisfies OptionsSpec;

function entryOf(row: Row): QueueEntry {
  return {
    id: String(row.id),
    acceptedAt: row.accepted_at,
    event: JSON.parse(row.event) as Record<string, unknown>,
    eventId: row.event_id ?? undefined,
    dedupKey: row.dedup_key ?? undefined,
    body: JSON.parse(row.body) as UsersTrackRequest,
    undelivered:
      row.undelivered === null ? undefined : (JSON.parse(row.undelivered) as UsersTrackRequest),
    counts: {
      attributes: row.attributes,
      events: row.events,
      purchases: row.purchases,
      bytes: row.object_bytes,
    },
    bytes: row.bytes,
    attempts: row.attempts,
    lastAttemptAt: row.last_attempt_at ?? undefined,
    lastReason: row.last_reason ?? undefined,
  };
}

function deadLetterOf(row: DeadRow): DeadLetter {
  return {
    id: String(row.id),
    event: JSON.parse(row.event) as Record<string, unknown>,
    eventId: row.event_id ?? undefined,
    body: JSON.parse(row.body) as UsersTrackRequest,
    undelivered: JSON.parse(row.undelivered) as UsersTrackRequest,
    kind: row.kind as DeadLetterKind,
    reason: row.reason,
    attempts: row.attempts,
    acceptedAt: row.accepted_at,
    lastAttemptAt: row.last_attempt_at ?? undefined,
    deadAt: row.dead_at,
  };
}

/**
 * A {@link DeliveryQueue} in one SQLite file (WAL mode), for one bridge process: bodies stay on
 * disk, only the entries leased for delivery are read into memory.
 *
 * What an acknowledged event survives (with `append` resolved before the `202`):
 * - the process dying (crash, `kill -9`, out of memory): always, with either `synchronous`;
 * - a power loss or kernel crash: with `synchronous: 'full'`; with `'normal'` (default) the
 *   commits of the last moments before it may be lost.
 *
 * Appends made together are committed in one transaction (group commit). On open, entries
 * leased by a process that is no longer running are ready again at once (a restart resends the
 * batches in flight at the crash); leases of a live process are left to expire.
 *
 * @example
 * ```ts
 * import { createWebhookHandler, sqliteQueue } from 'regal-braze';
 *
 * const handler = createWebhookHandler({ queue: sqliteQueue({ path: '/data/regal-braze/queue.db' }) });
 * ```
 */
export function sqliteQueue(options: SqliteQueueOptions): DeliveryQueue {
  const { path, synchronous, visibilityMs } = readStoreOptions(
    'sqliteQueue',
    SQLITE_QUEUE_OPTIONS,
    options,
  );
  const { DatabaseSync } = loadSqlite();
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(path);
    db.exec('PRAGMA busy_timeout = 5000');
    db.exec('PRAGMA journal_mode = WAL');
    db.exec(`PRAGMA synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    db.exec(SCHEMA);
  } catch (error) {
    throw new ValidationError('sqliteQueue options', [
      {
        path: ['path'],
        message: `cannot open ${JSON.stringify(path)} as a queue database: ${(error as Error).message}`,
      },
    ]);
  }

  const statements = new Map<string, StatementSync>();
  const sql = (text: string): StatementSync => {
    let statement = statements.get(text);
    if (statement === undefined) {
      statement = db.prepare(text);
      statements.set(text, statement);
    }
    return statement;
  };
  const transaction = <T>(work: () => T): T => {
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      db.exec('COMMIT');
      return result;
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  };

  const openHere = OPEN_HERE.get(path) ?? 0;
  OPEN_HERE.set(path, openHere + 1);
  transaction(() => {
    const owner = sql('SELECT pid FROM owner WHERE only = 1').get() as { pid: number } | undefined;
    if (openHere > 0 || (owner !== undefined && processAlive(owner.pid))) return;
    // The last owner is gone: what it held is ready again now.
    sql('UPDATE entries SET leased_until = 0 WHERE leased_until > 0').run();
    sql('INSERT OR REPLACE INTO owner (only, pid, since) VALUES (1, ?, ?)').run(
      process.pid,
      Date.now(),
    );
  });

  let closed = false;

  const insert = (entry: NewEntry, at: number, undelivered: UsersTrackRequest | undefined) => {
    const result = sql(
      'INSERT INTO entries (accepted_at, event, event_id, dedup_key, body, undelivered, attributes, events, purchases, object_bytes, bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(
      at,
      JSON.stringify(entry.event),
      entry.eventId ?? null,
      entry.dedupKey ?? null,
      JSON.stringify(entry.body),
      undelivered === undefined ? null : JSON.stringify(undelivered),
      entry.counts.attributes,
      entry.counts.events,
      entry.counts.purchases,
      entry.counts.bytes ?? 0,
      entry.bytes,
    );
    return String(result.lastInsertRowid);
  };
  const remove = (id: string): void => {
    sql('DELETE FROM entries WHERE id = ?').run(id);
  };

  // Group commit: appends made before the next turn of the event loop share one transaction.
  let pending: { entry: NewEntry; resolve: (id: string) => void; reject: (e: unknown) => void }[] =
    [];
  const commitAppends = (): void => {
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    let ids: string[];
    try {
      const at = Date.now();
      ids = transaction(() => batch.map(({ entry }) => insert(entry, at, undefined)));
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, index) => item.resolve(ids[index] as string));
  };
  const open = (): void => {
    if (closed) throw new Error('the queue is closed');
  };

  const selectDead = (filter: DeadLetterFilter = {}): DeadRow[] => {
    const where: string[] = [];
    const values: (string | number)[] = [];
    if (filter.kind !== undefined) {
      where.push('kind = ?');
      values.push(filter.kind);
    }
    if (filter.reason !== undefined) {
      where.push('instr(lower(reason), lower(?)) > 0');
      values.push(filter.reason);
    }
    if (filter.eventName !== undefined) {
      where.push('event_name = ?');
      values.push(filter.eventName);
    }
    const text = `SELECT * FROM dead_letters${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id${filter.limit === undefined ? '' : ' LIMIT ?'}`;
    if (filter.limit !== undefined) values.push(filter.limit);
    return sql(text).all(...values) as unknown as DeadRow[];
  };

  return {
    description: `sqlite ${path} (WAL, synchronous=${synchronous === 'full' ? 'FULL' : 'NORMAL'})`,
    durable: true,
    visibilityMs,

    append(entry) {
      open();
      return new Promise<string>((resolve, reject) => {
        if (pending.length === 0) setImmediate(commitAppends);
        pending.push({ entry, resolve, reject });
      });
    },

    async lease(max) {
      open();
      const now = Date.now();
      // One statement: select and lease at once (RETURNING does not keep the order: sorted here).
      const rows = sql(
        `UPDATE entries SET leased_until = ? WHERE id IN (SELECT id FROM entries WHERE not_before <= ? AND leased_until <= ? ORDER BY id LIMIT ?) RETURNING ${ENTRY_COLUMNS}`,
      ).all(now + visibilityMs, now, now, max) as unknown as Row[];
      rows.sort((a, b) => Number(a.id) - Number(b.id));
      return rows.map(entryOf);
    },

    async renew(ids) {
      open();
      const until = Date.now() + visibilityMs;
      sql(
        'UPDATE entries SET leased_until = ? WHERE leased_until > 0 AND id IN (SELECT value FROM json_each(?))',
      ).run(until, JSON.stringify(ids));
    },

    async ack(ids) {
      open();
      sql('DELETE FROM entries WHERE id IN (SELECT value FROM json_each(?))').run(
        JSON.stringify(ids),
      );
    },

    async retry(retries: readonly RetryLater[]) {
      open();
      const at = Date.now();
      transaction(() => {
        for (const retry of retries) {
          if (retry.undelivered === undefined) {
            sql(
              'UPDATE entries SET attempts = attempts + 1, last_attempt_at = ?, last_reason = ?, not_before = ?, leased_until = 0 WHERE id = ?',
            ).run(at, retry.reason, retry.notBefore, retry.id);
          } else {
            const { body, counts } = retry.undelivered;
            sql(
              'UPDATE entries SET attempts = attempts + 1, last_attempt_at = ?, last_reason = ?, not_before = ?, leased_until = 0, undelivered = ?, attributes = ?, events = ?, purchases = ?, object_bytes = ? WHERE id = ?',
            ).run(
              at,
              retry.reason,
              retry.notBefore,
              JSON.stringify(body),
              counts.attributes,
              counts.events,
              counts.purchases,
              counts.bytes ?? 0,
              retry.id,
            );
          }
        }
      });
    },

    async release(ids) {
      open();
      sql('UPDATE entries SET leased_until = 0 WHERE id IN (SELECT value FROM json_each(?))').run(
        JSON.stringify(ids),
      );
    },

    async deadLetter(giveUps: readonly GiveUp[]) {
      open();
      const at = Date.now();
      transaction(() => {
        for (const giveUp of giveUps) {
          const row = sql(`SELECT ${ENTRY_COLUMNS} FROM entries WHERE id = ?`).get(giveUp.id) as
            Row | undefined;
          if (row === undefined) continue;
          const name = (JSON.parse(row.event) as { name?: unknown }).name;
          sql(
            'INSERT OR REPLACE INTO dead_letters (id, event, event_id, event_name, body, undelivered, kind, reason, attempts, accepted_at, last_attempt_at, dead_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          ).run(
            row.id,
            row.event,
            row.event_id,
            typeof name === 'string' ? name : null,
            row.body,
            giveUp.undelivered === undefined
              ? (row.undelivered ?? row.body)
              : JSON.stringify(giveUp.undelivered),
            giveUp.kind,
            giveUp.reason,
            row.attempts + 1,
            row.accepted_at,
            at,
            at,
          );
          remove(giveUp.id);
        }
      });
    },

    async listDeadLetters(filter) {
      open();
      return selectDead(filter).map(deadLetterOf);
    },

    async replayDeadLetters(filter) {
      open();
      return transaction(() => {
        const letters = selectDead(filter).map(deadLetterOf);
        const at = Date.now();
        for (const letter of letters) {
          insert(
            {
              ...newEntry(letter.event, letter.eventId, undefined, letter.body),
              counts: objectCountsOf(letter.undelivered),
            },
            at,
            letter.undelivered,
          );
          sql('DELETE FROM dead_letters WHERE id = ?').run(letter.id);
        }
        return letters;
      });
    },

    async purgeDeadLetters(filter) {
      open();
      return transaction(() => {
        const rows = selectDead(filter);
        const purge = sql('DELETE FROM dead_letters WHERE id = ?');
        for (const row of rows) purge.run(row.id);
        return rows.length;
      });
    },

    async depth(): Promise<QueueDepth> {
      open();
      const oldest = sql('SELECT accepted_at FROM entries ORDER BY id LIMIT 1').get() as
        { accepted_at: number } | undefined;
      const dead = sql('SELECT count(*) AS n FROM dead_letters').get() as { n: number };
      const totals = sql(
        'SELECT count(*) AS n, coalesce(sum(bytes), 0) AS b FROM entries',
      ).get() as { n: number; b: number };
      return {
        entries: totals.n,
        bytes: totals.b,
        oldestAcceptedAt: oldest?.accepted_at,
        deadLetters: dead.n,
      };
    },

    async close() {
      if (closed) return;
      commitAppends();
      closed = true;
      const left = (OPEN_HERE.get(path) ?? 1) - 1;
      if (left > 0) OPEN_HERE.set(path, left);
      else OPEN_HERE.delete(path);
      try {
        if (left === 0) {
          transaction(() => {
            sql('DELETE FROM owner WHERE only = 1 AND pid = ?').run(process.pid);
          });
        }
      } finally {
        db.close();
      }
    },
  };
}
