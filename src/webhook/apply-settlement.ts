/**
 * Internal: writes what a batch's settlement says to the queue (acknowledged, put back,
 * retried later, dead-lettered) and reports what failed. A store that fails leaves its entries
 * leased: after the lease they are delivered again.
 */
import { RequestAbortedError } from '../errors/index.js';
import { closedReport, type FailureReport } from './delivery-report.js';
import type { DeliveryQueue } from './queue/queue.js';
import { closedReason, type Settlement } from './settle-batch.js';

/** What applying a settlement needs of the pipeline. */
export interface SettlementSink {
  readonly queue: DeliveryQueue;
  /** Counts events once the store took their outcome. */
  count(outcome: 'delivered' | 'failed' | 'retried', events: number): void;
  report(failures: readonly FailureReport[]): Promise<void>;
  storeFailed(what: string, error: unknown): void;
}

/** When the settlement is applied. */
export interface ApplyContext {
  readonly now: number;
  /** How long delivery pauses, in ms, when the answer said to wait for Braze. */
  readonly wait: number | undefined;
  /** Whether `close()` timed out (aborted requests are then reported as closed). */
  readonly gaveUp: boolean;
}

/** Applies `settlement` to the queue; never rejects for the store's sake. */
export async function applySettlement(
  settlement: Settlement,
  context: ApplyContext,
  sink: SettlementSink,
): Promise<void> {
  const { queue } = sink;
  const store = async (what: string, work: () => Promise<void>) => {
    try {
      await work();
      return true;
    } catch (error) {
      sink.storeFailed(what, error);
      return false;
    }
  };
  if (settlement.delivered.length > 0) {
    if (await store('ack', () => queue.ack(settlement.delivered.map((entry) => entry.id)))) {
      sink.count('delivered', settlement.delivered.length);
    }
  }
  if (settlement.released.length > 0 && queue.durable) {
    await store('release', () =>
      queue.release(settlement.released.map((released) => released.entry.id)),
    );
  } else if (settlement.released.length > 0) {
    // Not durable: put back, they would be lost with the process; report them instead.
    const released = settlement.released;
    await store('ack', () => queue.ack(released.map(({ entry }) => entry.id)));
    sink.count('failed', released.length);
    await sink.report(released.map(({ entry, error }) => closedReport(entry, error)));
  }
  if (settlement.retries.length > 0) {
    // One consumer of a queue that is not durable: the pause alone holds retries back (and
    // close() can still find them all).
    const notBefore = queue.durable ? context.now + (context.wait ?? 0) : 0;
    if (
      await store('retry', () =>
        queue.retry(
          settlement.retries.map((retry) => ({
            id: retry.entry.id,
            notBefore,
            reason: retry.reason,
            ...(retry.undelivered === undefined ? {} : { undelivered: retry.undelivered }),
          })),
        ),
      )
    ) {
      sink.count('retried', settlement.retries.length);
    }
  }
  if (settlement.dead.length > 0) {
    const closed = context.gaveUp && !queue.durable;
    if (
      await store('deadLetter', () =>
        queue.deadLetter(
          settlement.dead.map((dead) => ({
            id: dead.entry.id,
            kind: dead.kind,
            reason: dead.reason,
            undelivered: dead.undelivered,
          })),
        ),
      )
    ) {
      sink.count('failed', settlement.dead.length);
      await sink.report(
        settlement.dead.map((dead) =>
          closed && dead.error instanceof RequestAbortedError
            ? { ...dead, kind: 'closed' as const, reason: closedReason(dead.error) }
            : dead,
        ),
      );
    }
  }
}
