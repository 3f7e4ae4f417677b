/**
 * Internal: what happens to one batch: sent in one `track` call (each event again alone when
 * Braze refuses the request whole), its answer settled (`settleBatch`), logged, and written to
 * the queue: acknowledged, put back, retried later or dead-lettered, and what failed reported.
 * A store that fails leaves its entries leased: after the lease they are delivered again.
 */
import type { BrazeClient } from '../braze/braze-client.js';
import type { TrackResult } from '../braze/track-result.js';
import { RequestAbortedError } from '../errors/index.js';
import type { SafeLogger } from '../http/logger.js';
import { escapeUnprintable } from '../common/text.js';
import type { Clock } from './delivery-pipeline.js';
import {
  closedReport,
  logBatch,
  type BatchSummary,
  type FailureReport,
} from './delivery-report.js';
import type { DeliveryPause } from './delivery-state.js';
import type { DeliveryQueue, QueueEntry } from './queue/queue.js';
import {
  closedReason,
  mergeSettlements,
  refusedWhole,
  settleBatch,
  toSend,
  type Settlement,
} from './settle-batch.js';

/** A batch: the events of one request to Braze, leased from the queue. */
export interface Batch extends BatchSummary {
  /**
   * Aborts this batch's requests (close() timing out). One per batch, not one for the
   * pipeline: each request in flight listens to its signal, and a shared one would gather a
   * listener per request (Node warns past 10).
   */
  readonly abort: AbortController;
  /** Requests and HTTP attempts made for it. */
  requests: number;
  attempts: number;
}

/** What applying a settlement needs of the pipeline. */
export interface SettlementSink {
  readonly queue: DeliveryQueue;
  /** Counts events once the store took their outcome. */
  count(outcome: 'delivered' | 'failed' | 'retried', events: number): void;
  report(failures: readonly FailureReport[]): Promise<void>;
  storeFailed(what: string, error: unknown): void;
}

/** What delivering a batch needs of the pipeline. */
export interface BatchDelivery extends SettlementSink {
  readonly braze: BrazeClient;
  readonly clock: Clock;
  readonly maxEventAgeMs: number;
  readonly logger: SafeLogger;
  readonly pause: DeliveryPause;
  /** Whether `close()` timed out. */
  gaveUp(): boolean;
  /** Counts the requests and HTTP attempts of one `track` call. */
  sent(requests: number, attempts: number): void;
  /** Called once the batch is done with, whatever happened. */
  done(batch: Batch): void;
}

/** Sends entries in one `track` call; a thrown error (only a bug) is returned, not raised. */
async function send(
  batch: Batch,
  entries: readonly QueueEntry[],
  delivery: BatchDelivery,
): Promise<{ result?: TrackResult; thrown?: unknown }> {
  try {
    const result = await delivery.braze.trackValidated(entries.map(toSend), {
      signal: batch.abort.signal,
    });
    delivery.sent(result.requests, result.attempts);
    batch.requests += result.requests;
    batch.attempts += result.attempts;
    return { result };
  } catch (error) {
    return { thrown: error };
  }
}

/** Sends one batch, settles each of its events, applies that to the queue. Never rejects. */
export async function deliverBatch(batch: Batch, delivery: BatchDelivery): Promise<void> {
  const { clock, logger } = delivery;
  try {
    const sent = await send(batch, batch.entries, delivery);
    const context = () => ({
      now: clock.now(),
      maxEventAgeMs: delivery.maxEventAgeMs,
      gaveUp: delivery.gaveUp(),
    });
    let settlement: Settlement;
    if (batch.entries.length > 1 && refusedWhole(sent.result)) {
      // Braze refused the request as a whole (400, 413): one malformed or oversized event
      // must not take the others down with it, so each is sent again alone.
      const parts: Settlement[] = [];
      for (const entry of batch.entries) {
        const alone = await send(batch, [entry], delivery);
        parts.push(settleBatch([entry], alone.result, alone.thrown, context()));
      }
      settlement = mergeSettlements(parts);
    } else {
      settlement = settleBatch(batch.entries, sent.result, sent.thrown, context());
    }
    logBatch(logger, batch, settlement, clock.now());
    const now = clock.now();
    const wait = delivery.pause.record(settlement);
    await applySettlement(settlement, { now, wait, gaveUp: delivery.gaveUp() }, delivery);
  } catch (error) {
    logger.log('error', `bridge: unexpected error delivering batch ${batch.number}`, {
      error: escapeUnprintable(String(error)),
    });
  } finally {
    delivery.done(batch);
  }
}

/** When the settlement is applied. */
interface ApplyContext {
  readonly now: number;
  /** How long delivery pauses, in ms, when the answer said to wait for Braze. */
  readonly wait: number | undefined;
  /** Whether `close()` timed out (aborted requests are then reported as closed). */
  readonly gaveUp: boolean;
}

/** Applies `settlement` to the queue; never rejects for the store's sake. */
async function applySettlement(
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
