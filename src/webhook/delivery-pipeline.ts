/**
 * Internal: the bridge's delivery scheduling. Accepted events are in a {@link DeliveryQueue};
 * the pipeline leases them oldest first, cuts batches of one request each (`cutBatch`), sends
 * them with `BrazeClient`, at most its `maxConcurrentRequests` at once, and applies what each
 * answer means (`settleBatch`) back to the queue.
 *
 * When a batch goes (only when a request slot is free and delivery is not paused):
 * - the leased entries fill a request: at once;
 * - the oldest has waited `flushIntervalMs`: whatever fits in one request;
 * - `flush()` or `close()` asked for it.
 * Cutting only when a slot is free means that while Braze is slow, events pile up into fuller
 * batches instead of waiting in half-empty requests.
 *
 * Braze is waited out rather than given up on (`DeliveryPause`: 429 resets, back-off through
 * outages, a refused key): events wait in the queue meanwhile; they become dead letters only
 * when Braze refuses them or after `maxEventAgeMs`. What happens to each batch, from its
 * request to the queue, is `deliverBatch`; what is told, `delivery-report.ts`.
 *
 * Every event leaves the queue exactly one way: acknowledged (Braze accepted all its objects) or
 * dead-lettered and handed to the failure callback. Nothing here throws or rejects into the
 * caller's code: failures are reported, callback errors logged.
 */
import type { BrazeClient } from '../braze/braze-client.js';
import type { RequestLimits } from '../braze/plan-requests.js';
import type { SafeLogger } from '../http/logger.js';
import { cutBatch } from './cut-batch.js';
import { deliverBatch, type Batch, type BatchDelivery } from './deliver-batch.js';
import type { DeliveryFailure } from './delivery-failure.js';
import { closedReport, FailureReporter, logStoreFailure } from './delivery-report.js';
import { DeliveryPause, type DeliveryState } from './delivery-state.js';
import {
  compareEntryIds,
  type DeliveryQueue,
  type NewEntry,
  type QueueEntry,
} from './queue/queue.js';

/** Timers and time, replaceable in tests. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The real clock. */
export const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Timers must not keep a process alive on their own (Node); elsewhere a no-op. */
function unref(handle: unknown): void {
  (handle as { unref?: () => void } | undefined)?.unref?.();
}

/**
 * Resolves to `true` when `promise` settles first, `false` when `ms` pass first; the timer is
 * cleared either way.
 */
async function settlesWithin(
  clock: Clock,
  promise: Promise<unknown>,
  ms: number,
): Promise<boolean> {
  let timer: unknown;
  const done = await Promise.race([
    promise.then(() => true),
    new Promise<boolean>((resolve) => (timer = clock.setTimeout(() => resolve(false), ms))),
  ]);
  clock.clearTimeout(timer);
  return done;
}

/** How the pipeline is set up. */
export interface DeliveryPipelineOptions {
  readonly queue: DeliveryQueue;
  readonly braze: BrazeClient;
  readonly flushIntervalMs: number;
  readonly maxEventAgeMs: number;
  readonly onFailure: (failure: DeliveryFailure) => void | Promise<void>;
  /** Removes a de-duplication mark; must not throw. */
  readonly forget: (key: string) => Promise<void>;
  readonly logger: SafeLogger;
  readonly clock?: Clock;
  /** First back-off after a failed request, in ms. Default 1 000. */
  readonly initialBackoffMs?: number;
  /** Longest back-off, in ms. Default 300 000 (5 min). */
  readonly maxBackoffMs?: number;
}

interface Waiter {
  readonly ready: () => boolean;
  readonly resolve: () => void;
}

/** Entries leased per `lease` call. */
const LEASE_CHUNK = 100;
/** How often an idle pipeline looks for entries it did not append (retries due, reclaimed leases, another instance's). */
const POLL_MS = 1_000;
const CLOSED_UNSENT = 'close() timed out before the event was sent to Braze';

/** Internal: see the module comment. */
export class DeliveryPipeline {
  readonly #queue: DeliveryQueue;
  readonly #limits: RequestLimits;
  readonly #slots: number;
  readonly #interval: number;
  readonly #logger: SafeLogger;
  readonly #clock: Clock;
  readonly #pause: DeliveryPause;
  readonly #reporter: FailureReporter;
  readonly #delivery: BatchDelivery;

  /** Leased, not yet in a batch; oldest first. */
  #staged: QueueEntry[] = [];
  /** Whether the last lease found every ready entry (nothing more to lease until told). */
  #exhausted = false;
  readonly #batches = new Set<Batch>();
  #pumping = false;
  #pumpAgain = false;
  #timer: unknown;
  #timerAt = Number.POSITIVE_INFINITY;
  #renewTimer: unknown;
  #waiters: Waiter[] = [];
  /** Entries up to this id are sent without waiting for the flush interval. */
  #flushTarget: string | undefined;
  #lastAppended: string | undefined;

  #closing = false;
  #gaveUp = false;
  #closed: Promise<void> | undefined;

  #appended = 0;
  #delivered = 0;
  #failed = 0;
  #retried = 0;
  #batchCount = 0;
  #requests = 0;
  #attempts = 0;

  constructor(options: DeliveryPipelineOptions) {
    this.#queue = options.queue;
    this.#limits = options.braze.requestLimits;
    this.#slots = options.braze.maxConcurrentRequests;
    this.#interval = options.flushIntervalMs;
    this.#logger = options.logger;
    this.#clock = options.clock ?? SYSTEM_CLOCK;
    this.#pause = new DeliveryPause(
      this.#clock,
      this.#logger,
      options.initialBackoffMs ?? 1_000,
      options.maxBackoffMs ?? 300_000,
    );
    this.#reporter = new FailureReporter(options.onFailure, options.forget, this.#logger, () =>
      this.#notify(),
    );
    this.#delivery = {
      braze: options.braze,
      clock: this.#clock,
      maxEventAgeMs: options.maxEventAgeMs,
      logger: this.#logger,
      pause: this.#pause,
      gaveUp: () => this.#gaveUp,
      sent: (requests, attempts) => {
        this.#requests += requests;
        this.#attempts += attempts;
      },
      done: (batch) => {
        this.#batches.delete(batch);
        this.#pump();
        this.#notify();
      },
      queue: this.#queue,
      count: (outcome, events) => {
        if (outcome === 'delivered') this.#delivered += events;
        else if (outcome === 'failed') this.#failed += events;
        else this.#retried += events;
      },
      report: (failures) => this.#reporter.report(failures),
      storeFailed: (what, error) => this.#storeFailed(what, error),
    };
    this.#scheduleRenewal();
  }

  /** Starts delivering what the queue already holds (a restart). */
  start(): void {
    void this.#queue.depth().then(
      (depth) => {
        this.#appended += depth.entries;
      },
      (error: unknown) => this.#storeFailed('depth', error),
    );
    this.#pump();
  }

  /** Whether `close()` was called. */
  get closing(): boolean {
    return this.#closing;
  }

  /** Where delivery stands. */
  get state(): DeliveryState {
    if (this.#closing) return 'closing';
    return this.#pause.state ?? 'delivering';
  }

  /** Counters for `stats()`. */
  counters() {
    const inFlight = [...this.#batches].reduce((sum, batch) => sum + batch.entries.length, 0);
    return {
      queued: Math.max(0, this.#appended - this.#delivered - this.#failed - inFlight),
      inFlight,
      delivered: this.#delivered,
      failed: this.#failed,
      retried: this.#retried,
      batches: this.#batchCount,
      brazeRequests: this.#requests,
      brazeAttempts: this.#attempts,
      delivery: this.state,
      pausedUntil: this.#pause.until,
      closing: this.#closing,
    };
  }

  /**
   * Commits an accepted event to the queue. Resolves to `false` when the queue is full or
   * closing (nothing stored). Rejects when the store fails.
   */
  async append(entry: NewEntry): Promise<boolean> {
    if (this.#closing) return false;
    const id = await this.#queue.append(entry);
    if (id === undefined) return false;
    this.#appended++;
    if (this.#lastAppended === undefined || compareEntryIds(id, this.#lastAppended) > 0) {
      this.#lastAppended = id;
    }
    this.#exhausted = false;
    this.#pump();
    return true;
  }

  /**
   * Sends every event appended so far without waiting for the flush interval; resolves once
   * each was delivered, dead-lettered, or is waiting for Braze (paused, retry due later).
   */
  async flush(): Promise<void> {
    // Closing already sends (or keeps) everything: flush() then waits for close().
    if (this.#closed !== undefined) return this.#closed;
    const target = this.#lastAppended;
    if (target === undefined) return;
    if (this.#flushTarget === undefined || compareEntryIds(target, this.#flushTarget) > 0) {
      this.#flushTarget = target;
    }
    this.#exhausted = false;
    this.#pump();
    await this.#until(() => this.#settledUpTo(target));
  }

  /**
   * Stops taking events. A durable queue keeps what it holds: the requests in flight are
   * awaited (up to `timeoutMs`, then aborted and their events put back) and the queue is
   * closed. A queue that is not durable is drained first; what is left when `timeoutMs`
   * passes goes to the failure callback (`kind: 'closed'`).
   */
  close(timeoutMs: number): Promise<void> {
    this.#closed ??= this.#close(timeoutMs);
    return this.#closed;
  }

  async #close(timeoutMs: number): Promise<void> {
    this.#closing = true;
    this.#exhausted = false;
    const durable = this.#queue.durable;
    if (durable) await this.#releaseStaged();
    this.#pump();
    const idle = () =>
      this.#batches.size === 0 &&
      !this.#reporter.busy &&
      !this.#pumping &&
      (durable || (this.#staged.length === 0 && this.#exhausted));
    const finished = await settlesWithin(this.#clock, this.#until(idle), timeoutMs);
    if (!finished) {
      this.#gaveUp = true;
      const reason = new Error('close() timed out');
      for (const batch of this.#batches) batch.abort.abort(reason);
      if (!durable) await this.#reportUnsent(timeoutMs);
      const done = await settlesWithin(
        this.#clock,
        this.#until(() => this.#batches.size === 0 && !this.#reporter.busy),
        Math.max(timeoutMs, 1_000),
      );
      if (!done)
        this.#logger.log('error', 'close(): onDeliveryFailure still running; not waiting for it');
    }
    this.#clearTimer();
    this.#clock.clearTimeout(this.#renewTimer);
    if (durable) {
      // Leased while close() began (a lease in progress): back for the next start.
      await this.#releaseStaged();
      const left = await this.#queue.depth().catch(() => undefined);
      if (left !== undefined && left.entries > 0) {
        this.#logger.log(
          'info',
          `${left.entries} event(s) stay queued in ${this.#queue.description}; the next start delivers them`,
          { events: left.entries },
        );
      }
    }
    await this.#queue.close().catch((error: unknown) => this.#storeFailed('close', error));
  }

  /** close() timed out on a queue that is not durable: report what was never sent. */
  async #reportUnsent(timeoutMs: number): Promise<void> {
    const unsent = this.#staged.splice(0);
    for (;;) {
      const more = await this.#queue.lease(LEASE_CHUNK).catch(() => [] as QueueEntry[]);
      if (more.length === 0) break;
      unsent.push(...more);
    }
    if (unsent.length === 0) return;
    this.#logger.log(
      'error',
      `close() timed out after ${timeoutMs} ms: ${unsent.length} event(s) not sent to Braze, reported as delivery failures`,
      { events: unsent.length, timeoutMs },
    );
    await this.#queue.ack(unsent.map((entry) => entry.id)).catch(() => undefined);
    this.#failed += unsent.length;
    await this.#reporter.report(unsent.map((entry) => closedReport(entry, CLOSED_UNSENT)));
  }

  async #releaseStaged(): Promise<void> {
    const staged = this.#staged.splice(0);
    if (staged.length === 0) return;
    await this.#queue
      .release(staged.map((entry) => entry.id))
      .catch((error: unknown) => this.#storeFailed('release', error));
  }

  #settledUpTo(target: string): boolean {
    const below = (entry: QueueEntry) => compareEntryIds(entry.id, target) <= 0;
    for (const batch of this.#batches) if (batch.entries.some(below)) return false;
    if (this.#reporter.busy) return false;
    // Paused: what is left waits for Braze, which flush() does not wait for.
    if (this.#paused()) return true;
    return !this.#staged.some(below) && this.#exhausted && !this.#pumping;
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

  #paused(): boolean {
    return this.#pause.active();
  }

  /** Requests allowed at once: one while Braze is recovering, all of them otherwise. */
  #freeSlots(): number {
    const allowed = this.#pause.recovering ? 1 : this.#slots;
    return allowed - this.#batches.size;
  }

  /** Leases and sends while there is room; re-arms the timer. Runs one at a time. */
  #pump(): void {
    if (this.#pumping) {
      this.#pumpAgain = true;
      return;
    }
    this.#pumping = true;
    void this.#pumpLoop();
  }

  async #pumpLoop(): Promise<void> {
    try {
      do {
        this.#pumpAgain = false;
        if (this.#gaveUp) break;
        await this.#fill();
        this.#dispatch();
      } while (this.#pumpAgain);
    } catch (error) {
      this.#storeFailed('lease', error);
    } finally {
      this.#pumping = false;
      this.#arm();
      this.#notify();
    }
  }

  /** Leases entries until the staged ones fill a request, or none is ready. */
  async #fill(): Promise<void> {
    if (this.#paused() || this.#freeSlots() <= 0) return;
    if (this.#closing && this.#queue.durable) return;
    while (!this.#exhausted && !cutBatch(this.#staged, this.#limits).full) {
      const leased = await this.#queue.lease(LEASE_CHUNK);
      this.#staged.push(...leased);
      if (leased.length < LEASE_CHUNK) this.#exhausted = true;
    }
  }

  #dispatch(): void {
    // A durable queue keeps what is not in flight yet for the next start.
    if (this.#closing && this.#queue.durable) return;
    const now = this.#clock.now();
    while (this.#staged.length > 0 && this.#freeSlots() > 0 && !this.#paused()) {
      const head = this.#staged[0] as QueueEntry;
      const cut = cutBatch(this.#staged, this.#limits);
      const due =
        this.#closing ||
        cut.full ||
        (this.#flushTarget !== undefined && compareEntryIds(head.id, this.#flushTarget) <= 0) ||
        // 1 ms of slack: timers and clocks do not round alike.
        now - head.acceptedAt >= this.#interval - 1;
      if (!due) break;
      this.#start(this.#staged.splice(0, cut.take), now);
    }
  }

  #arm(): void {
    if (this.#gaveUp || (this.#closing && this.#queue.durable)) {
      this.#clearTimer();
      return;
    }
    const now = this.#clock.now();
    let at = Number.POSITIVE_INFINITY;
    if (this.#paused()) at = this.#pause.until as number;
    else if (this.#freeSlots() > 0) {
      const head = this.#staged[0];
      if (head !== undefined) at = head.acceptedAt + this.#interval;
      else at = now + POLL_MS;
    }
    if (at === Number.POSITIVE_INFINITY) {
      this.#clearTimer();
      return;
    }
    if (this.#timer !== undefined && this.#timerAt <= at) return;
    this.#clearTimer();
    this.#timerAt = at;
    this.#timer = this.#clock.setTimeout(
      () => {
        this.#timer = undefined;
        this.#timerAt = Number.POSITIVE_INFINITY;
        this.#exhausted = false;
        this.#pump();
      },
      Math.max(0, Math.ceil(at - now)),
    );
    // Only the idle poll lets the process exit; a batch to send keeps it alive.
    if (this.#staged.length === 0 && !this.#paused()) unref(this.#timer);
  }

  #clearTimer(): void {
    if (this.#timer === undefined) return;
    this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAt = Number.POSITIVE_INFINITY;
  }

  /** Keeps the leases of what this process holds (staged and in flight) from running out. */
  #scheduleRenewal(): void {
    const every = Math.max(1, Math.floor(this.#queue.visibilityMs / 3));
    this.#renewTimer = this.#clock.setTimeout(() => {
      const ids = this.#staged.map((entry) => entry.id);
      for (const batch of this.#batches) for (const entry of batch.entries) ids.push(entry.id);
      const renewed =
        ids.length === 0
          ? Promise.resolve()
          : this.#queue.renew(ids).catch((error: unknown) => this.#storeFailed('renew', error));
      void renewed.then(() => {
        if (!this.#closing || this.#batches.size > 0) this.#scheduleRenewal();
      });
    }, every);
    unref(this.#renewTimer);
  }

  #start(entries: QueueEntry[], now: number): void {
    const batch: Batch = {
      number: ++this.#batchCount,
      entries,
      startedAt: now,
      abort: new AbortController(),
      requests: 0,
      attempts: 0,
    };
    this.#batches.add(batch);
    void deliverBatch(batch, this.#delivery);
  }

  #storeFailed(what: string, error: unknown): void {
    logStoreFailure(this.#logger, what, error);
  }
}
