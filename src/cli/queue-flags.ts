/**
 * The flags choosing the bridge's queue, shared by `serve` and `dead-letters`: `--data-dir`
 * (SQLite, the default), `--redis-url` (several instances), `--memory` (serve only).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ValidationError } from '../errors/index.js';
import { memoryQueue } from '../webhook/queue/memory-queue.js';
import type { DeliveryQueue } from '../webhook/queue/queue.js';
import { redisQueue } from '../webhook/queue/redis-queue.js';
import { sqliteQueue } from '../webhook/queue/sqlite-queue.js';
import type { CliIo } from './io.js';
import { UsageError } from './exit.js';

/** The `parseArgs` options of the queue flags. */
export const QUEUE_OPTIONS = {
  'data-dir': { type: 'string' },
  'redis-url': { type: 'string' },
  memory: { type: 'boolean' },
} as const;

/** Where `--data-dir` points when neither it nor `REGAL_BRAZE_DATA_DIR` is given. */
export const DEFAULT_DATA_DIR = './regal-braze-data';

/** The database file in a data directory. */
export const QUEUE_FILE = 'queue.db';

/** The help lines of the queue flags (`serve` adds `--memory`). */
export function queueOptionsHelp(withMemory: boolean): string {
  const lines = [
    `  --data-dir DIR                   keep accepted events in DIR/${QUEUE_FILE} (SQLite; env`,
    `                                   REGAL_BRAZE_DATA_DIR; default ${DEFAULT_DATA_DIR})`,
    '  --redis-url URL                  keep them in Redis instead, shared by several instances',
    '                                   (env REDIS_URL)',
  ];
  if (withMemory) {
    lines.push(
      '  --memory                         keep them in memory only: a crash loses what is queued',
    );
  }
  return lines.join('\n');
}

/** What the queue flags resolved to. */
export interface QueueChoice {
  /** `'sqlite'`, `'redis'` or `'memory'`. */
  readonly kind: 'sqlite' | 'redis' | 'memory';
  /** The data directory, for `sqlite`. */
  readonly dataDir?: string;
  /** The Redis URL, for `redis`. */
  readonly redisUrl?: string;
  /** For `redis`: how long an instance's entries stay its own without renewal (`--visibility-timeout`). */
  readonly visibilityMs?: number;
}

type QueueValues = { 'data-dir'?: string; 'redis-url'?: string; memory?: boolean };

/** Which queue the flags (and environment) ask for; `--memory` only where `allowMemory`. */
export function chooseQueue(
  values: QueueValues,
  io: CliIo,
  usage: string,
  allowMemory: boolean,
): QueueChoice {
  const given = [
    values['data-dir'] === undefined ? undefined : '--data-dir',
    values['redis-url'] === undefined ? undefined : '--redis-url',
    values.memory === true ? '--memory' : undefined,
  ].filter((flag) => flag !== undefined);
  if (given.length > 1) {
    throw new UsageError(`${given.join(' and ')} are exclusive: choose one queue`, usage);
  }
  if (values.memory === true) {
    if (!allowMemory) throw new UsageError('--memory holds no dead letters to act on', usage);
    return { kind: 'memory' };
  }
  const redisUrl =
    values['redis-url'] ??
    (values['data-dir'] === undefined ? nonEmpty(io.env.REDIS_URL) : undefined);
  if (redisUrl !== undefined) return { kind: 'redis', redisUrl };
  const dataDir = values['data-dir'] ?? nonEmpty(io.env.REGAL_BRAZE_DATA_DIR) ?? DEFAULT_DATA_DIR;
  if (dataDir.trim() === '') throw new UsageError('--data-dir expects a directory', usage);
  return { kind: 'sqlite', dataDir: resolve(dataDir) };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/**
 * Opens the chosen queue. `create` makes the data directory when missing (`serve`); without it
 * a missing directory is a usage error (`dead-letters`: nothing to read).
 */
export async function openQueue(
  choice: QueueChoice,
  usage: string,
  { create }: { create: boolean },
): Promise<DeliveryQueue> {
  if (choice.kind === 'memory') return memoryQueue();
  if (choice.kind === 'redis') {
    try {
      const queue = redisQueue({
        url: choice.redisUrl,
        ...(choice.visibilityMs === undefined ? {} : { visibilityMs: choice.visibilityMs }),
      });
      // Reach Redis now: a wrong URL is a startup error, not a 503 on every webhook.
      await queue.depth().catch(async (error: unknown) => {
        await queue.close();
        throw new UsageError(`--redis-url: ${String((error as Error)?.message ?? error)}`, usage);
      });
      return queue;
    } catch (error) {
      if (error instanceof UsageError) throw error;
      if (!(error instanceof ValidationError)) throw error;
      throw new UsageError(`--redis-url: ${error.issues[0]?.message ?? error.message}`, usage);
    }
  }
  const dir = choice.dataDir as string;
  const path = join(dir, QUEUE_FILE);
  try {
    if (create) mkdirSync(dir, { recursive: true });
    else if (!(await exists(path))) {
      throw new UsageError(`no queue in ${dir} (${QUEUE_FILE} not found): check --data-dir`, usage);
    }
    quietSqliteWarning();
    return sqliteQueue({ path });
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const why =
      error instanceof ValidationError
        ? (error.issues[0]?.message ?? error.message)
        : String((error as Error)?.message ?? error);
    throw new UsageError(`--data-dir ${dir}: ${why}`, usage);
  }
}

async function exists(path: string): Promise<boolean> {
  const { access } = await import('node:fs/promises');
  return access(path).then(
    () => true,
    () => false,
  );
}

let quieted = false;

/**
 * Node 22 prints "SQLite is an experimental feature" on stderr when `node:sqlite` loads; the
 * CLI chose it knowingly, so that one line is left out (every other warning still shows).
 */
function quietSqliteWarning(): void {
  if (quieted) return;
  quieted = true;
  const emit = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((warning: unknown, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : (warning as Error)?.message;
    if (typeof text === 'string' && text.startsWith('SQLite is an experimental feature')) return;
    emit(warning, ...rest);
  }) as typeof process.emitWarning;
}
