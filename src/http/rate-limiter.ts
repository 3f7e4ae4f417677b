/**
 * Internal: client-side pacing. A sliding-window limiter: at most `limit` starts in any window
 * of `windowMs` milliseconds, however many callers are waiting. Callers are served first come,
 * first served.
 *
 * It keeps the times of the starts still inside the window (a sliding log, so memory stays
 * bounded by `limit` even for a huge limit). A new start is allowed when fewer than `limit`
 * starts are in the window — so for any `i`, start `i + limit` is at least `windowMs` after
 * start `i`, which is exactly "never more than `limit` in any window".
 *
 * The limiter runs each caller's start function itself, synchronously, right after the check,
 * and records the clock *after* the function returns. So for any observer timestamping the
 * starts (a fetch wrapper, a proxy): start `i + limit` comes after its check, which came at least
 * `windowMs` after the record of start `i`, which came after start `i`. No pause (GC, a slow
 * `fetch` call, a burst of starts) between the check and the start can break the limit.
 * Resolving a promise instead and letting callers start later would break it.
 */

/**
 * Extra margin added to the window: timers and clocks have millisecond granularity, and a start
 * is observed (by a server, a test, a proxy) a little after it is recorded.
 */
const GUARD_MS = 1;

interface Waiter {
  start: () => unknown;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  done: boolean;
}

/** Options of a {@link SlidingWindowLimiter}. */
export interface SlidingWindowLimiterOptions {
  /** Window length in milliseconds (default 1000: a per-second limit). */
  windowMs?: number;
  /** Monotonic clock in milliseconds (default `performance.now`). */
  now?: () => number;
}

function defaultNow(): () => number {
  const performance = (globalThis as { performance?: { now(): number } }).performance;
  return typeof performance?.now === 'function' ? () => performance.now() : () => Date.now();
}

function invoke<T>(start: () => T | Promise<T>): Promise<T> {
  try {
    return Promise.resolve(start());
  } catch (error) {
    return Promise.reject(error as Error);
  }
}

/** Internal: at most `limit` starts in any `windowMs` window; FIFO for waiting callers. */
export class SlidingWindowLimiter {
  readonly limit: number;
  readonly windowMs: number;
  readonly #now: () => number;
  /** Times of the starts in the window, oldest first from `#first`. */
  readonly #starts: number[] = [];
  #first = 0;
  /** Entries removed from the front of `#starts` so far (keeps slot numbers stable). */
  #removed = 0;
  readonly #queue: Waiter[] = [];
  #queueHead = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(limit: number, options: SlidingWindowLimiterOptions = {}) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError('limit must be an integer >= 1');
    }
    this.limit = limit;
    this.windowMs = options.windowMs ?? 1000;
    this.#now = options.now ?? defaultNow();
  }

  /** How many callers are waiting for a slot. */
  get waiting(): number {
    return this.#queue.length - this.#queueHead;
  }

  /**
   * Calls `start` as soon as a slot is free (at once if one is and nobody waits; otherwise in
   * turn), and resolves with what it returns. Rejects with `signal.reason` if the signal aborts
   * while waiting; `start` is then never called and no slot is used.
   */
  run<T>(start: () => T | Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    this.#skipAborted();
    if (this.waiting === 0) {
      const slot = this.#reserve(this.#now());
      if (slot >= 0) return this.#startIn(slot, start);
    }
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        start,
        resolve: resolve as (value: unknown) => void,
        reject,
        signal,
        onAbort: undefined,
        done: false,
      };
      if (signal !== undefined) {
        waiter.onAbort = () => {
          if (waiter.done) return;
          waiter.done = true;
          reject(signal.reason);
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.#queue.push(waiter);
      this.#schedule();
    });
  }

  /**
   * Records a start at `now` if fewer than `limit` starts are in the window; returns the slot
   * number of the record, or -1.
   */
  #reserve(now: number): number {
    const starts = this.#starts;
    while (
      this.#first < starts.length &&
      now - (starts[this.#first] as number) >= this.windowMs + GUARD_MS
    ) {
      this.#first++;
    }
    if (starts.length - this.#first >= this.limit) return -1;
    if (this.#first > 1024 && this.#first * 2 > starts.length) {
      starts.splice(0, this.#first);
      this.#removed += this.#first;
      this.#first = 0;
    }
    return this.#removed + starts.push(now) - 1;
  }

  /** Runs `start` and records, in `slot`, the time it returned (at or after the real start). */
  #startIn<T>(slot: number, start: () => T | Promise<T>): Promise<T> {
    const result = invoke(start);
    this.#starts[slot - this.#removed] = this.#now();
    return result;
  }

  #pump = (): void => {
    this.#timer = undefined;
    for (this.#skipAborted(); this.waiting > 0; this.#skipAborted()) {
      const waiter = this.#queue[this.#queueHead] as Waiter;
      // A fresh clock reading per start: each start function takes time.
      const slot = this.#reserve(this.#now());
      if (slot < 0) break;
      this.#dequeue();
      waiter.done = true;
      if (waiter.onAbort !== undefined) waiter.signal?.removeEventListener('abort', waiter.onAbort);
      this.#startIn(slot, waiter.start).then(waiter.resolve, waiter.reject);
    }
    this.#schedule();
  };

  #skipAborted(): void {
    while (this.waiting > 0 && (this.#queue[this.#queueHead] as Waiter).done) this.#dequeue();
  }

  #dequeue(): void {
    this.#queueHead++;
    // Compact now and then so the array does not grow without bound under constant load.
    if (this.#queueHead > 1024 && this.#queueHead * 2 > this.#queue.length) {
      this.#queue.splice(0, this.#queueHead);
      this.#queueHead = 0;
    }
  }

  #schedule(): void {
    if (this.#timer !== undefined || this.waiting === 0) return;
    const oldest = this.#starts[this.#first] ?? this.#now();
    const wait = Math.max(1, Math.ceil(oldest + this.windowMs + GUARD_MS - this.#now()));
    this.#timer = setTimeout(this.#pump, wait);
  }
}
