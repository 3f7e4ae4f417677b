/**
 * Internal: what the delivery pipeline tells its owner: one log line per batch, a line when the
 * queue fails, and each dead letter handed to the failure callback (its de-duplication mark
 * forgotten first when nothing of it reached Braze).
 */
import type { RequestAbortedError } from '../errors/index.js';
import type { SafeLogger } from '../http/logger.js';
import { escapeUnprintable } from '../common/text.js';
import type { DeliveryFailure } from './delivery-failure.js';
import type { QueueEntry } from './queue/queue.js';
import { closedReason, toSend, type Settlement } from './settle-batch.js';

/** An event handed to the failure callback. */
export interface FailureReport {
  readonly entry: QueueEntry;
  readonly kind: DeliveryFailure['kind'];
  readonly reason: string;
  readonly undelivered: DeliveryFailure['undelivered'];
  /** Whether Braze took none of the event: its de-duplication mark is then forgotten. */
  readonly nothingDelivered: boolean;
  readonly error: DeliveryFailure['error'];
}

/** The report of an event `close()` kept from Braze: never sent, or its request aborted. */
export function closedReport(
  entry: QueueEntry,
  reason: string | RequestAbortedError,
): FailureReport {
  return {
    entry,
    kind: 'closed',
    reason: typeof reason === 'string' ? reason : closedReason(reason),
    undelivered: toSend(entry),
    nothingDelivered: entry.undelivered === undefined,
    error: typeof reason === 'string' ? undefined : reason,
  };
}

/** Logs a failure of the queue; the entries concerned stay in it. */
export function logStoreFailure(logger: SafeLogger, what: string, error: unknown): void {
  logger.log(
    'error',
    `bridge: the queue failed (${what}): ${escapeUnprintable(String((error as Error)?.message ?? error))}`,
    { method: what },
  );
}

/** What the batch line tells of a batch. */
export interface BatchSummary {
  readonly number: number;
  readonly entries: readonly QueueEntry[];
  readonly startedAt: number;
  readonly requests: number;
  readonly attempts: number;
}

/** One line per batch: `info`, or `warn` when an event failed or waits for a retry. */
export function logBatch(
  logger: SafeLogger,
  batch: BatchSummary,
  settlement: Settlement,
  now: number,
): void {
  const failed = settlement.dead.length;
  const level = failed > 0 || settlement.retries.length > 0 ? 'warn' : 'info';
  if (!logger.enabled(level)) return;
  const objects = batch.entries.reduce(
    (sum, entry) => sum + entry.counts.attributes + entry.counts.events + entry.counts.purchases,
    0,
  );
  const durationMs = Math.round(now - batch.startedAt);
  const delivered = settlement.delivered.length;
  const retried = settlement.retries.length;
  const first = settlement.dead[0] ?? settlement.retries[0];
  const why =
    first === undefined
      ? ''
      : `; first ${'kind' in first ? `failure (${first.kind})` : 'retry'}: ${escapeUnprintable(first.reason)}`;
  const { requests, attempts } = batch;
  const retry = retried > 0 ? `, ${retried} to retry` : '';
  logger.log(
    level,
    `braze batch ${batch.number}: ${batch.entries.length} event(s), ${objects} object(s), ${requests} request(s), ${attempts} attempt(s): ${delivered} delivered, ${failed} failed${retry} in ${durationMs} ms${why}`,
    {
      batch: batch.number,
      events: batch.entries.length,
      objects,
      requests,
      attempts,
      delivered,
      failed,
      retried,
      durationMs,
    },
  );
}

/** Hands dead letters to the failure callback, and knows whether any call is still running. */
export class FailureReporter {
  readonly #onFailure: (failure: DeliveryFailure) => void | Promise<void>;
  readonly #forget: (key: string) => Promise<void>;
  readonly #logger: SafeLogger;
  readonly #settled: () => void;
  #running = 0;

  /**
   * @param settled - called each time a report is done, so that waiters can look again.
   */
  constructor(
    onFailure: (failure: DeliveryFailure) => void | Promise<void>,
    forget: (key: string) => Promise<void>,
    logger: SafeLogger,
    settled: () => void,
  ) {
    this.#onFailure = onFailure;
    this.#forget = forget;
    this.#logger = logger;
    this.#settled = settled;
  }

  /** Whether a report is running (its callbacks not all settled). */
  get busy(): boolean {
    return this.#running > 0;
  }

  /** Forgets marks where due, then calls the failure callback for each; logs what it throws. */
  async report(dead: readonly FailureReport[]): Promise<void> {
    if (dead.length === 0) return;
    this.#running++;
    let thrown = 0;
    let firstError: unknown;
    try {
      await Promise.all(
        dead.map(async (item) => {
          // Forget the mark only when nothing got through: replaying the event then duplicates
          // nothing. When Braze took part of it, the mark stays.
          if (item.nothingDelivered && item.entry.dedupKey !== undefined) {
            await this.#forget(item.entry.dedupKey);
          }
          try {
            await this.#onFailure({
              event: item.entry.event,
              eventId: item.entry.eventId,
              body: item.entry.body,
              undelivered: item.undelivered,
              kind: item.kind,
              reason: item.reason,
              error: item.error,
            });
          } catch (error) {
            if (thrown++ === 0) firstError = error;
          }
        }),
      );
    } finally {
      this.#running--;
      this.#settled();
    }
    if (thrown > 0) {
      const message = firstError instanceof Error ? firstError.message : String(firstError);
      this.#logger.log(
        'error',
        `onDeliveryFailure threw for ${thrown} event(s): ${escapeUnprintable(message)}`,
        { events: thrown },
      );
    }
  }
}
