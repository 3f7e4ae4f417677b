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
 * Braze is waited out rather than given up on: a 429 pauses every request until its reset, an
 * outage (5xx, network, timeouts) backs off exponentially up to `maxBackoffMs` with one batch
 * at a time until a request goes through, and a refused key (401/403) pauses delivery the same
 * way, logged as an error. Events wait in the queue meanwhile; they become dead letters only
 * when Braze refuses them or after `maxEventAgeMs`.
 *
 * Every event leaves the queue exactly one way: acknowledged (Braze accepted all its objects) or
 * dead-lettered and handed to the failure callback. Nothing here throws or rejects into the
 * caller's code: failures are reported, callback errors logged.
 */
import type { BrazeClient } from '../braze/braze-client.js';
import type { RequestLimits } from '../braze/plan-requests.js';
import type { TrackResult } from '../braze/track-result.js';
import { RequestAbortedError } from '../errors/index.js';
import { escapeUnprintable } from '../shared/text.js';
import type { SafeLogger } from '../http/logger.js';
import { cutBatch } from './cut-batch.js';
import type { DeliveryFailure } from './delivery-failure.js';
import {
  compareEntryIds,
  type DeliveryQueue,
  type NewEntry,
  type QueueEntry,
} from './queue/queue.js';
import {
  closedReason,
  refusedWhole,
  settleBatch,
  toSend,
  type Pause,
  type Settlement,
} from './settle-batch.js';

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

/** Where delivery stands, as `stats().delivery` says. */
export type DeliveryState =
  /** Sending as events come. */
  | 'delivering'
  /** Braze answered 429: waiting for its reset. */
  | 'rate-limited'
  /** Braze unreachable or failing: backing off. */
  | 'braze-unavailable'
  /** Braze refused the API key (401/403): paused until a retry goes through. */
  | 'unauthorized'
  /** `close()` was called. */
  | 'closing';

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

interface Batch {
  readonly number: number;
  readonly entries: readonly QueueEntry[];
  readonly startedAt: number;
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

interface Waiter {
  readonly ready: () => boolean;
  readonly resolve: () => void;
}

/** Entries leased per `lease` call. */
const LEASE_CHUNK = 100;
/** How often an idle pipeline looks for entries it did not append (retries due, reclaimed leases, another instance's). */
const POLL_MS = 1_000;
const CLOSED_UNSENT = 'close() timed out before the event was sent to Braze';

const STATE_OF: Readonly<Record<Pause['cause'], DeliveryState>> = {
  'rate-limited': 'rate-limited',
  unavailable: 'braze-unavailable',
  unauthorized: 'unauthorized',
};

/** Internal: see the module comment. */
export class DeliveryPipeline {
  readonly #queue: DeliveryQueue;
  readonly #braze: BrazeClient;
  readonly #limits: RequestLimits;
  readonly #slots: number;
  readonly #interval: number;
  readonly #maxAge: number;
  readonly #onFailure: DeliveryPipelineOptions['onFailure'];
  readonly #forget: DeliveryPipelineOptions['forget'];
  readonly #logger: SafeLogger;
  readonly #clock: Clock;
  readonly #initialBackoff: number;
  readonly #maxBackoff: number;

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

  #pausedUntil = 0;
  #pause: Pause | undefined;
  #failuresInARow = 0;
  #closing = false;
  #gaveUp = false;
  #closed: Promise<void> | undefined;
  #reporting = 0;

  #appended = 0;
  #delivered = 0;
  #failed = 0;
  #retried = 0;
  #batchCount = 0;
  #requests = 0;
  #attempts = 0;

  constructor(options: DeliveryPipelineOptions) {
    this.#queue = options.queue;
    this.#braze = options.braze;
    this.#limits = options.braze.requestLimits;
    this.#slots = options.braze.maxConcurrentRequests;
    this.#interval = options.flushIntervalMs;
    this.#maxAge = options.maxEventAgeMs;
    this.#onFailure = options.onFailure;
    this.#forget = options.forget;
    this.#logger = options.logger;
    this.#clock = options.clock ?? SYSTEM_CLOCK;
    this.#initialBackoff = options.initialBackoffMs ?? 1_000;
    this.#maxBackoff = options.maxBackoffMs ?? 300_000;
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
    if (this.#pause !== undefined) return STATE_OF[this.#pause.cause];
    return 'delivering';
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
      pausedUntil: this.#pause === undefined ? undefined : this.#pausedUntil,
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
      this.#reporting === 0 &&
      !this.#pumping &&
      (durable || (this.#staged.length === 0 && this.#exhausted));
    let timer: unknown;
    const timedOut = await Promise.race([
      this.#until(idle).then(() => false),
      new Promise<boolean>(
        (resolve) => (timer = this.#clock.setTimeout(() => resolve(true), timeoutMs)),
      ),
    ]);
    this.#clock.clearTimeout(timer);
    if (timedOut) {
      this.#gaveUp = true;
      const reason = new Error('close() timed out');
      for (const batch of this.#batches) batch.abort.abort(reason);
      if (!durable) await this.#reportUnsent(timeoutMs);
      let grace: unknown;
      const done = await Promise.race([
        this.#until(() => this.#batches.size === 0 && this.#reporting === 0).then(() => true),
        new Promise<boolean>(
          (resolve) =>
            (grace = this.#clock.setTimeout(() => resolve(false), Math.max(timeoutMs, 1_000))),
        ),
      ]);
      this.#clock.clearTimeout(grace);
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
    await this.#report(
      unsent.map((entry) => ({
        entry,
        kind: 'closed' as const,
        reason: CLOSED_UNSENT,
        undelivered: toSend(entry),
        nothingDelivered: entry.undelivered === undefined,
        error: undefined,
      })),
    );
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
    if (this.#reporting > 0) return false;
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
    return this.#pause !== undefined && this.#clock.now() < this.#pausedUntil;
  }

  /** Requests allowed at once: one while Braze is recovering, all of them otherwise. */
  #freeSlots(): number {
    const allowed = this.#failuresInARow > 0 ? 1 : this.#slots;
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
    if (this.#paused()) at = this.#pausedUntil;
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
    void this.#deliver(batch);
  }

  /** Sends entries in one `track` call; a thrown error (only a bug) is returned, not raised. */
  async #send(
    batch: Batch,
    entries: readonly QueueEntry[],
  ): Promise<{ result?: TrackResult; thrown?: unknown }> {
    try {
      const result = await this.#braze.trackValidated(entries.map(toSend), {
        signal: batch.abort.signal,
      });
      this.#requests += result.requests;
      this.#attempts += result.attempts;
      batch.requests += result.requests;
      batch.attempts += result.attempts;
      return { result };
    } catch (error) {
      return { thrown: error };
    }
  }

  /** Sends one batch, settles each of its events, applies that to the queue. Never rejects. */
  async #deliver(batch: Batch): Promise<void> {
    try {
      const sent = await this.#send(batch, batch.entries);
      const context = () => ({
        now: this.#clock.now(),
        maxEventAgeMs: this.#maxAge,
        gaveUp: this.#gaveUp,
      });
      let settlement: Settlement;
      if (batch.entries.length > 1 && refusedWhole(sent.result)) {
        // Braze refused the request as a whole (400, 413): one malformed or oversized event
        // must not take the others down with it, so each is sent again alone.
        const parts: Settlement[] = [];
        for (const entry of batch.entries) {
          const alone = await this.#send(batch, [entry]);
          parts.push(settleBatch([entry], alone.result, alone.thrown, context()));
        }
        settlement = merge(parts);
      } else {
        settlement = settleBatch(batch.entries, sent.result, sent.thrown, context());
      }
      this.#log(batch, settlement);
      await this.#apply(settlement);
    } catch (error) {
      this.#logger.log('error', `bridge: unexpected error delivering batch ${batch.number}`, {
        error: escapeUnprintable(String(error)),
      });
    } finally {
      this.#batches.delete(batch);
      this.#pump();
      this.#notify();
    }
  }

  /** Writes a settlement to the queue, pauses if Braze said so, reports dead letters. */
  async #apply(settlement: Settlement): Promise<void> {
    const now = this.#clock.now();
    const wait = this.#nextPause(settlement);
    const queue = this.#queue;
    const store = async (what: string, work: () => Promise<void>) => {
      try {
        await work();
        return true;
      } catch (error) {
        // The entries stay leased in the store: after the lease they are delivered again.
        this.#storeFailed(what, error);
        return false;
      }
    };
    if (settlement.delivered.length > 0) {
      if (await store('ack', () => queue.ack(settlement.delivered.map((entry) => entry.id)))) {
        this.#delivered += settlement.delivered.length;
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
      this.#failed += released.length;
      await this.#report(
        released.map(({ entry, error }) => ({
          entry,
          kind: 'closed' as const,
          reason: closedReason(error),
          undelivered: toSend(entry),
          nothingDelivered: entry.undelivered === undefined,
          error,
        })),
      );
    }
    if (settlement.retries.length > 0) {
      // One consumer of a queue that is not durable: the pause alone holds retries back (and
      // close() can still find them all).
      const notBefore = queue.durable ? now + (wait ?? 0) : 0;
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
        this.#retried += settlement.retries.length;
      }
    }
    if (settlement.dead.length > 0) {
      const closed = this.#gaveUp && !queue.durable;
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
        this.#failed += settlement.dead.length;
        await this.#report(
          settlement.dead.map((dead) =>
            closed && dead.error instanceof RequestAbortedError
              ? { ...dead, kind: 'closed' as const, reason: closedReason(dead.error) }
              : dead,
          ),
        );
      }
    }
  }

  /** Pauses delivery for what the settlement says of Braze; returns the wait in ms. */
  #nextPause(settlement: Settlement): number | undefined {
    const pause = settlement.pause;
    if (pause === undefined) {
      if (settlement.delivered.length > 0 || settlement.dead.length > 0) {
        if (this.#pause !== undefined) {
          this.#logger.log('info', 'Braze accepts requests again: delivery resumed');
        }
        this.#pause = undefined;
        this.#failuresInARow = 0;
      }
      return undefined;
    }
    this.#failuresInARow++;
    const backoff = Math.min(
      this.#maxBackoff,
      this.#initialBackoff * 2 ** Math.min(this.#failuresInARow - 1, 30),
    );
    const wait =
      pause.cause === 'rate-limited' && pause.ms !== undefined ? Math.max(pause.ms, 1) : backoff;
    const until = this.#clock.now() + wait;
    const first = this.#pause?.cause !== pause.cause;
    this.#pause = pause;
    this.#pausedUntil = Math.max(this.#paused() ? this.#pausedUntil : 0, until);
    const seconds = Math.ceil(wait / 1000);
    if (pause.cause === 'unauthorized') {
      this.#logger.log(
        'error',
        `Braze refused the API key (401/403): delivery paused, events wait in the queue; check BRAZE_API_KEY and its users.track permission (next try in ${seconds} s)`,
        { delivery: 'unauthorized', retryInMs: wait },
      );
    } else if (first || this.#failuresInARow % 10 === 0) {
      this.#logger.log(
        'warn',
        pause.cause === 'rate-limited'
          ? `Braze rate limit (429): delivery paused for ${seconds} s, events wait in the queue`
          : `Braze unavailable: delivery backs off, next try in ${seconds} s; events wait in the queue`,
        { delivery: STATE_OF[pause.cause], retryInMs: wait },
      );
    }
    return wait;
  }

  #storeFailed(what: string, error: unknown): void {
    this.#logger.log(
      'error',
      `bridge: the queue failed (${what}): ${escapeUnprintable(String((error as Error)?.message ?? error))}`,
      { method: what },
    );
  }

  /** One line per batch. */
  #log(batch: Batch, settlement: Settlement): void {
    const failed = settlement.dead.length;
    const level = failed > 0 || settlement.retries.length > 0 ? 'warn' : 'info';
    if (!this.#logger.enabled(level)) return;
    const objects = batch.entries.reduce(
      (sum, entry) => sum + entry.counts.attributes + entry.counts.events + entry.counts.purchases,
      0,
    );
    const durationMs = Math.round(this.#clock.now() - batch.startedAt);
    const delivered = settlement.delivered.length;
    const retried = settlement.retries.length;
    const first = settlement.dead[0] ?? settlement.retries[0];
    const why =
      first === undefined
        ? ''
        : `; first ${'kind' in first ? `failure (${first.kind})` : 'retry'}: ${escapeUnprintable(first.reason)}`;
    const { requests, attempts } = batch;
    const retry = retried > 0 ? `, ${retried} to retry` : '';
    this.#logger.log(
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

  /** Forgets marks where due, then calls the failure callback for each; logs what it throws. */
  async #report(
    dead: readonly {
      entry: QueueEntry;
      kind: DeliveryFailure['kind'];
      reason: string;
      undelivered: DeliveryFailure['undelivered'];
      nothingDelivered: boolean;
      error: DeliveryFailure['error'];
    }[],
  ): Promise<void> {
    if (dead.length === 0) return;
    this.#reporting++;
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
      this.#reporting--;
      this.#notify();
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

function merge(parts: readonly Settlement[]): Settlement {
  let pause: Pause | undefined;
  for (const part of parts) {
    if (part.pause !== undefined && (pause === undefined || part.pause.cause !== 'unavailable')) {
      pause = part.pause;
    }
  }
  return {
    delivered: parts.flatMap((part) => part.delivered),
    retries: parts.flatMap((part) => part.retries),
    dead: parts.flatMap((part) => part.dead),
    released: parts.flatMap((part) => part.released),
    pause,
  };
}

/** Timers must not keep a process alive on their own (Node); elsewhere a no-op. */
function unref(handle: unknown): void {
  (handle as { unref?: () => void } | undefined)?.unref?.();
}
