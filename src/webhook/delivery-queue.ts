/**
 * Internal: the bridge's delivery pipeline. Accepted events wait in a FIFO buffer; batches are
 * cut from its head and sent with `BrazeClient.track`, at most `maxConcurrentRequests` at once.
 *
 * When a batch is cut (only when a request slot is free):
 * - the buffer holds at least one full request (75 objects in an array, or 50 in all with the
 *   combined limit): a full batch goes at once;
 * - the oldest waiting event has waited `flushIntervalMs`: whatever fits in one request goes;
 * - `flush()` or `close()` asked for it.
 * Cutting only when a slot is free means that while Braze is slow, events pile up into fuller
 * batches instead of waiting in half-empty requests: the number of requests stays near the
 * minimum under any load.
 *
 * Every event leaves the pipeline exactly one way: delivered (Braze accepted all its objects), or
 * handed to the failure callback with the objects that did not get through. Nothing here throws
 * or rejects into the caller's code: failures are reported, callback errors logged.
 */
import type { BrazeClient } from '../braze/braze-client.js';
import type { RequestLimits } from '../braze/plan-requests.js';
import type { TrackObjectError, TrackResult } from '../braze/track-result.js';
import { ApiError, RegalBrazeError, RequestAbortedError } from '../errors/index.js';
import { escapeUnprintable } from '../errors/printable.js';
import type { SafeLogger } from '../http/logger.js';
import type {
  BrazeAttributes,
  BrazeEvent,
  BrazePurchase,
  UsersTrackRequest,
} from '../transforms/braze/users-track.js';
import type { DeliveryFailure } from './delivery-failure.js';

/** An event as the handler hands it over: validated, transformed, marked as seen. */
export interface AcceptedEvent {
  readonly event: Readonly<Record<string, unknown>>;
  readonly eventId: string | undefined;
  /** The de-duplication key the store holds for it, if any. */
  readonly dedupKey: string | undefined;
  readonly body: UsersTrackRequest;
}

interface QueuedEvent extends AcceptedEvent {
  readonly seq: number;
  readonly acceptedAt: number;
  /** Objects per array: attributes, events, purchases. */
  readonly counts: readonly [number, number, number];
  readonly size: number;
}

interface Batch {
  readonly number: number;
  readonly events: readonly QueuedEvent[];
  readonly minSeq: number;
  readonly startedAt: number;
}

/** A failure to report, and whether to forget its de-duplication mark first. */
interface Report {
  readonly failure: DeliveryFailure;
  readonly dedupKey: string | undefined;
  readonly forget: boolean;
}

/** How the pipeline is set up. */
export interface DeliveryQueueOptions {
  readonly braze: BrazeClient;
  readonly flushIntervalMs: number;
  readonly maxConcurrentRequests: number;
  readonly maxQueueSize: number;
  readonly onFailure: (failure: DeliveryFailure) => void | Promise<void>;
  /** Removes a de-duplication mark; must not throw. */
  readonly forget: (key: string) => Promise<void>;
  readonly logger: SafeLogger;
}

interface Waiter {
  readonly ready: () => boolean;
  readonly resolve: () => void;
}

type TrackedObject = BrazeAttributes | BrazeEvent | BrazePurchase;

const monotonicNow: () => number = (() => {
  const performance = (globalThis as { performance?: { now(): number } }).performance;
  return typeof performance?.now === 'function' ? () => performance.now() : () => Date.now();
})();

function countsOf(body: UsersTrackRequest): [number, number, number] {
  return [body.attributes?.length ?? 0, body.events?.length ?? 0, body.purchases?.length ?? 0];
}

/** The objects of `body` listed in `errors`, as a body of their own (input order). */
function undeliveredOf(errors: readonly TrackObjectError[]): UsersTrackRequest {
  const body: Record<string, TrackedObject[]> = {};
  for (const error of errors) (body[error.array] ??= []).push(error.object);
  return body as UsersTrackRequest;
}

const CLOSED_UNSENT = 'close() timed out before the event was sent to Braze';

/** Why an event whose request `close()` aborted was not delivered: where that request was. */
function closedReason(error: RequestAbortedError): string {
  switch (error.phase) {
    case 'in-flight':
      return 'close() timed out while its request to Braze was in flight (Braze may have processed it)';
    case 'backoff':
      return `close() timed out while its request to Braze waited to be retried, after ${error.attempts} failed attempt(s)`;
    default:
      return error.attempts === 0
        ? CLOSED_UNSENT
        : `close() timed out while its request to Braze waited for a slot to be retried, after ${error.attempts} failed attempt(s)`;
  }
}

/** Requests and attempts made for a batch. */
interface Tally {
  requests: number;
  attempts: number;
}

/**
 * True when Braze refused a request as a whole for its content (400, or 413 "Max Input Length
 * Exceeded"): nothing accepted, every object failed with that answer. Not for 401/403 (the key),
 * 429 or 5xx (Braze's state): resending events alone would fail the same way.
 */
function refusedWhole(result: TrackResult | undefined): boolean {
  if (result === undefined || result.accepted > 0 || result.errors.length === 0) return false;
  return result.errors.every(
    (error) =>
      error.status === 'failed' &&
      error.error instanceof ApiError &&
      (error.error.status === 400 || error.error.status === 413),
  );
}

/** Internal: see the module comment. */
export class DeliveryQueue {
  readonly #braze: BrazeClient;
  readonly #limits: RequestLimits;
  readonly #interval: number;
  readonly #maxConcurrent: number;
  readonly #maxQueueSize: number;
  readonly #onFailure: DeliveryQueueOptions['onFailure'];
  readonly #forget: DeliveryQueueOptions['forget'];
  readonly #logger: SafeLogger;
  readonly #abort = new AbortController();

  /** FIFO of events waiting for a batch; `#head` is the first still waiting. */
  #buffer: QueuedEvent[] = [];
  #head = 0;
  readonly #bufferCounts: [number, number, number] = [0, 0, 0];
  #bufferSize = 0;

  /** Batches not yet settled: being sent, or their failures being reported. */
  readonly #batches = new Set<Batch>();
  #sending = 0;
  #inFlightEvents = 0;

  #lastSeq = 0;
  /** Events up to this sequence number are sent without waiting (flush). */
  #flushTarget = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerAt = 0;
  #waiters: Waiter[] = [];

  #closing = false;
  /** close() timed out: in-flight requests were aborted. */
  #gaveUp = false;
  #closed: Promise<void> | undefined;

  #delivered = 0;
  #failed = 0;
  #batchCount = 0;
  #requests = 0;
  #attempts = 0;

  constructor(options: DeliveryQueueOptions) {
    this.#braze = options.braze;
    this.#limits = options.braze.requestLimits;
    this.#interval = options.flushIntervalMs;
    this.#maxConcurrent = options.maxConcurrentRequests;
    this.#maxQueueSize = options.maxQueueSize;
    this.#onFailure = options.onFailure;
    this.#forget = options.forget;
    this.#logger = options.logger;
  }

  /** Whether `close()` was called. */
  get closing(): boolean {
    return this.#closing;
  }

  /** Whether one more event fits under `maxQueueSize` (waiting + in flight). */
  get hasRoom(): boolean {
    return this.#buffer.length - this.#head + this.#inFlightEvents < this.#maxQueueSize;
  }

  /** Counters for `stats()`. */
  counters() {
    return {
      queued: this.#buffer.length - this.#head,
      inFlight: this.#inFlightEvents,
      delivered: this.#delivered,
      failed: this.#failed,
      batches: this.#batchCount,
      brazeRequests: this.#requests,
      brazeAttempts: this.#attempts,
      closing: this.#closing,
    };
  }

  /** Queues an accepted event. `false` (nothing queued) once `close()` was called. */
  enqueue(accepted: AcceptedEvent): boolean {
    if (this.#closing) return false;
    const counts = countsOf(accepted.body);
    const queued: QueuedEvent = {
      ...accepted,
      seq: ++this.#lastSeq,
      acceptedAt: monotonicNow(),
      counts,
      size: counts[0] + counts[1] + counts[2],
    };
    this.#buffer.push(queued);
    for (let i = 0; i < 3; i++) this.#bufferCounts[i]! += counts[i]!;
    this.#bufferSize += queued.size;
    this.#pump();
    return true;
  }

  /** Sends every event queued so far without waiting; resolves once each is delivered or reported. */
  async flush(): Promise<void> {
    const target = this.#lastSeq;
    if (target > this.#flushTarget) this.#flushTarget = target;
    this.#pump();
    await this.#until(() => this.#settledUpTo(target));
  }

  /**
   * Stops accepting, sends everything, and resolves once every event is delivered or reported,
   * or after `timeoutMs`: then requests in flight are aborted and every event not delivered is
   * reported (`kind: 'closed'`). Failure callbacks are awaited in both cases.
   */
  close(timeoutMs: number): Promise<void> {
    this.#closed ??= this.#close(timeoutMs);
    return this.#closed;
  }

  async #close(timeoutMs: number): Promise<void> {
    this.#closing = true;
    this.#pump();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = await Promise.race([
      this.#until(() => this.#idle()).then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      this.#gaveUp = true;
      this.#abort.abort(new Error('close() timed out'));
      const unsent = this.#buffer.slice(this.#head);
      this.#buffer = [];
      this.#head = 0;
      this.#bufferCounts.fill(0);
      this.#bufferSize = 0;
      this.#failed += unsent.length;
      if (unsent.length > 0) {
        this.#logger.log(
          'error',
          `close() timed out after ${timeoutMs} ms: ${unsent.length} event(s) not sent to Braze, reported as delivery failures`,
          { events: unsent.length, timeoutMs },
        );
      }
      const reported = this.#report(
        unsent.map((event) => ({
          failure: {
            event: event.event,
            eventId: event.eventId,
            body: event.body,
            undelivered: event.body,
            kind: 'closed',
            reason: CLOSED_UNSENT,
            error: undefined,
          },
          dedupKey: event.dedupKey,
          forget: true,
        })),
      );
      // Aborted requests settle at once; failure callbacks get one more timeoutMs, not forever.
      let grace: ReturnType<typeof setTimeout> | undefined;
      const done = await Promise.race([
        Promise.all([reported, this.#until(() => this.#idle())]).then(() => true),
        new Promise<boolean>(
          (resolve) => (grace = setTimeout(() => resolve(false), Math.max(timeoutMs, 1_000))),
        ),
      ]);
      clearTimeout(grace);
      if (!done)
        this.#logger.log('error', 'close(): onDeliveryFailure still running; not waiting for it');
    }
    this.#clearTimer();
  }

  #idle(): boolean {
    return this.#head >= this.#buffer.length && this.#batches.size === 0;
  }

  #settledUpTo(seq: number): boolean {
    const head = this.#buffer[this.#head];
    if (head !== undefined && head.seq <= seq) return false;
    for (const batch of this.#batches) if (batch.minSeq <= seq) return false;
    return true;
  }

  /** Resolves once `ready()` holds, checked now and after each change. */
  #until(ready: () => boolean): Promise<void> {
    if (ready()) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ ready, resolve }));
  }

  #notify(): void {
    if (this.#waiters.length === 0) return;
    const waiting: Waiter[] = [];
    for (const waiter of this.#waiters) {
      if (waiter.ready()) waiter.resolve();
      else waiting.push(waiter);
    }
    this.#waiters = waiting;
  }

  #fillsARequest(): boolean {
    const { perArray, total } = this.#limits;
    return (
      this.#bufferSize >= total ||
      this.#bufferCounts[0] >= perArray ||
      this.#bufferCounts[1] >= perArray ||
      this.#bufferCounts[2] >= perArray
    );
  }

  /** Cuts and sends batches while a slot is free and a batch is due; re-arms the timer. */
  #pump(): void {
    if (this.#gaveUp) return;
    const now = monotonicNow();
    while (this.#sending < this.#maxConcurrent && this.#head < this.#buffer.length) {
      const head = this.#buffer[this.#head] as QueuedEvent;
      const due =
        this.#closing ||
        head.seq <= this.#flushTarget ||
        this.#fillsARequest() ||
        // 1 ms of slack: timers and the monotonic clock do not round alike.
        now - head.acceptedAt >= this.#interval - 1;
      if (!due) break;
      this.#start(this.#cut(), now);
    }
    this.#arm(now);
  }

  /** Takes from the head of the buffer as many events as fit in one request (at least one). */
  #cut(): QueuedEvent[] {
    const { perArray, total } = this.#limits;
    const taken: QueuedEvent[] = [];
    const counts = [0, 0, 0];
    let size = 0;
    while (this.#head < this.#buffer.length) {
      const next = this.#buffer[this.#head] as QueuedEvent;
      const fits =
        size + next.size <= total &&
        counts[0]! + next.counts[0] <= perArray &&
        counts[1]! + next.counts[1] <= perArray &&
        counts[2]! + next.counts[2] <= perArray;
      // An event too big for one request goes alone (track splits it).
      if (!fits && taken.length > 0) break;
      taken.push(next);
      this.#head++;
      for (let i = 0; i < 3; i++) {
        counts[i]! += next.counts[i]!;
        this.#bufferCounts[i]! -= next.counts[i]!;
      }
      size += next.size;
      this.#bufferSize -= next.size;
      if (!fits) break;
    }
    // Drop the consumed prefix now and then, so the buffer does not grow forever.
    if (this.#head > 1024 && this.#head * 2 > this.#buffer.length) {
      this.#buffer = this.#buffer.slice(this.#head);
      this.#head = 0;
    }
    return taken;
  }

  #arm(now: number): void {
    const head = this.#buffer[this.#head];
    if (head === undefined || this.#sending >= this.#maxConcurrent || this.#closing) {
      // Nothing waiting, or a batch completing will pump again.
      this.#clearTimer();
      return;
    }
    const deadline = head.acceptedAt + this.#interval;
    if (this.#timer !== undefined && this.#timerAt <= deadline) return;
    this.#clearTimer();
    this.#timerAt = deadline;
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        this.#pump();
      },
      Math.max(0, Math.ceil(deadline - now)),
    );
  }

  #clearTimer(): void {
    if (this.#timer === undefined) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #start(events: QueuedEvent[], now: number): void {
    const batch: Batch = {
      number: ++this.#batchCount,
      events,
      minSeq: (events[0] as QueuedEvent).seq,
      startedAt: now,
    };
    this.#batches.add(batch);
    this.#sending++;
    this.#inFlightEvents += events.length;
    void this.#deliver(batch);
  }

  /** Sends events in one `track` call; a thrown error (only a bug) is returned, not raised. */
  async #send(events: readonly QueuedEvent[]): Promise<{ result?: TrackResult; thrown?: unknown }> {
    try {
      const result = await this.#braze.track(
        events.map((event) => event.body),
        { signal: this.#abort.signal },
      );
      return { result };
    } catch (error) {
      // Only a bug can get here (the bodies were validated when accepted); still, every event
      // is reported rather than lost.
      return { thrown: error };
    }
  }

  /** Sends one batch, settles each of its events, reports failures. Never rejects. */
  async #deliver(batch: Batch): Promise<void> {
    try {
      const sent = await this.#send(batch.events);
      let reports: Report[];
      let tally: Tally = {
        requests: sent.result?.requests ?? 0,
        attempts: sent.result?.attempts ?? 0,
      };
      if (batch.events.length > 1 && refusedWhole(sent.result)) {
        // Braze refused the request as a whole (400, 413): one malformed or oversized event
        // must not take the others down with it, so each is sent again alone.
        this.#count(tally);
        reports = [];
        for (const event of batch.events) {
          const alone = await this.#send([event]);
          tally = {
            requests: tally.requests + (alone.result?.requests ?? 0),
            attempts: tally.attempts + (alone.result?.attempts ?? 0),
          };
          reports.push(...this.#settle([event], alone.result, alone.thrown));
        }
      } else {
        reports = this.#settle(batch.events, sent.result, sent.thrown);
      }
      this.#sending--;
      this.#inFlightEvents -= batch.events.length;
      this.#log(batch, tally, reports);
      this.#pump();
      await this.#report(reports);
    } catch (error) {
      this.#logger.log('error', `bridge: unexpected error delivering batch ${batch.number}`, {
        error: escapeUnprintable(String(error)),
      });
    } finally {
      this.#batches.delete(batch);
      this.#notify();
    }
  }

  #count(tally: Tally): void {
    this.#requests += tally.requests;
    this.#attempts += tally.attempts;
  }

  /** Counts each event delivered or failed; returns the failures to report. */
  #settle(
    events: readonly QueuedEvent[],
    result: TrackResult | undefined,
    thrown: unknown,
  ): Report[] {
    if (result !== undefined) this.#count(result);
    const byEvent = new Map<number, TrackObjectError[]>();
    for (const error of result?.errors ?? []) {
      const list = byEvent.get(error.body);
      if (list === undefined) byEvent.set(error.body, [error]);
      else list.push(error);
    }
    const reports: Report[] = [];
    events.forEach((event, index) => {
      if (result === undefined) {
        const error =
          thrown instanceof RegalBrazeError
            ? thrown
            : new RegalBrazeError(`Unexpected error: ${escapeUnprintable(String(thrown))}`);
        reports.push(this.#failureReport(event, event.body, true, 'failed', error.message, error));
        return;
      }
      const errors = byEvent.get(index);
      if (errors === undefined) {
        this.#delivered++;
        return;
      }
      const nothingDelivered = errors.length === event.size;
      const failed = errors.find((error) => error.status === 'failed');
      if (failed !== undefined && failed.status === 'failed') {
        const closed = this.#gaveUp && failed.error instanceof RequestAbortedError;
        reports.push(
          this.#failureReport(
            event,
            undeliveredOf(errors),
            nothingDelivered,
            closed ? 'closed' : 'failed',
            closed ? closedReason(failed.error as RequestAbortedError) : failed.error.message,
            failed.error,
          ),
        );
        return;
      }
      const first = errors[0] as TrackObjectError & { reason: string };
      reports.push(
        this.#failureReport(
          event,
          undeliveredOf(errors),
          nothingDelivered,
          'rejected',
          `Braze refused ${errors.length} of ${event.size} object(s): ${first.reason}`,
          undefined,
        ),
      );
    });
    this.#failed += reports.length;
    return reports;
  }

  #failureReport(
    event: QueuedEvent,
    undelivered: UsersTrackRequest,
    nothingDelivered: boolean,
    kind: DeliveryFailure['kind'],
    reason: string,
    error: RegalBrazeError | undefined,
  ): Report {
    return {
      failure: {
        event: event.event,
        eventId: event.eventId,
        body: event.body,
        undelivered,
        kind,
        reason,
        error,
      },
      dedupKey: event.dedupKey,
      // Forget the mark only when nothing got through: replaying the event then duplicates
      // nothing. When Braze took part of it, the mark stays (a replay would record that part
      // twice); `undelivered` holds the rest, to send with BrazeClient.track.
      forget: nothingDelivered,
    };
  }

  /** One line per batch. */
  #log(batch: Batch, tally: Tally, reports: readonly Report[]): void {
    const level = reports.length > 0 ? 'warn' : 'info';
    if (!this.#logger.enabled(level)) return;
    const objects = batch.events.reduce((sum, event) => sum + event.size, 0);
    const durationMs = Math.round(monotonicNow() - batch.startedAt);
    const { requests, attempts } = tally;
    const delivered = batch.events.length - reports.length;
    const first = reports[0]?.failure;
    const why =
      first === undefined
        ? ''
        : `; first failure (${first.kind}): ${escapeUnprintable(first.reason)}`;
    this.#logger.log(
      level,
      `braze batch ${batch.number}: ${batch.events.length} event(s), ${objects} object(s), ${requests} request(s), ${attempts} attempt(s): ${delivered} delivered, ${reports.length} failed in ${durationMs} ms${why}`,
      {
        batch: batch.number,
        events: batch.events.length,
        objects,
        requests,
        attempts,
        delivered,
        failed: reports.length,
        durationMs,
      },
    );
  }

  /** Forgets marks where due, then calls the failure callback for each; logs what it throws. */
  async #report(reports: readonly Report[]): Promise<void> {
    if (reports.length === 0) return;
    let thrown = 0;
    let firstError: unknown;
    await Promise.all(
      reports.map(async (report) => {
        if (report.forget && report.dedupKey !== undefined) await this.#forget(report.dedupKey);
        try {
          await this.#onFailure(report.failure);
        } catch (error) {
          if (thrown++ === 0) firstError = error;
        }
      }),
    );
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
