/**
 * Internal: client-side pacing, held where the limit is counted: at the server. At most `limit`
 * requests reach the server in any window of `windowMs` milliseconds, however many callers wait
 * and however long connections take to open. Callers are served first come, first served.
 *
 * The rule: a request holds a slot from the moment it is allowed to start until `windowMs` after
 * it ended (its answer began, or it failed); at most `limit` slots are held at once.
 *
 * Why that bounds what the server sees. Request `k` holds its slot over `[s_k, e_k + windowMs)`,
 * where `s_k` is when it was allowed to start and `e_k` when the client saw it end. The server
 * sees it at some `a_k` with `s_k <= a_k <= e_k`: not before it was sent, and before it could
 * answer (or the connection failed). Take any `limit + 1` requests. Their holding intervals
 * cannot all meet at one moment (that would be `limit + 1` slots held at once), and intervals
 * on a line that meet pairwise share a point, so two of them, `i` and `j`, do not meet:
 * `s_j >= e_i + windowMs`. Then `a_j >= s_j >= e_i + windowMs >= a_i + windowMs`: `i` and `j`
 * are not in the same window, so no window holds all `limit + 1`. The same holds for starts
 * (`s_j >= s_i + windowMs`), and for the first window as for any other: a request that takes
 * 150 ms to arrive on a new connection keeps its slot until a second after its answer, so the
 * next one cannot arrive in the same second.
 *
 * The price: each slot serves one request per `windowMs` plus the request's duration, so the
 * throughput under a steady stream is `limit * windowMs / (windowMs + latency)` (about 91% of
 * the limit at 100 ms per request). A request that hangs keeps its slot until its timeout.
 *
 * The limiter runs each caller's start function itself, synchronously, right after taking the
 * slot, and reads the clock for `e_k` after the start's promise settled, so neither can be
 * earlier than the real events.
 */

/**
 * Extra margin added to the window: timers and clocks have millisecond granularity, and the end
 * of a request is seen by the client a little after it happened.
 */
const CLOCK_SLACK_MS = 1;

interface Waiter {
  start: () => unknown;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  done: boolean;
}

/** Options of a {@link PacingLimiter}. */
export interface PacingLimiterOptions {
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

/**
 * Internal: at most `limit` requests in any `windowMs` window as the server sees them (see the
 * module comment); FIFO for waiting callers.
 */
export class PacingLimiter {
  readonly limit: number;
  readonly windowMs: number;
  readonly #now: () => number;
  /** Slots held by requests that have not ended yet. */
  #running = 0;
  /**
   * When each slot of an ended request frees, oldest first from `#first`. Requests end in time
   * order, so the times are in order too.
   */
  readonly #frees: number[] = [];
  #first = 0;
  readonly #queue: Waiter[] = [];
  #queueHead = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(limit: number, options: PacingLimiterOptions = {}) {
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
   * turn), and resolves with what it returns. The slot stays held until `windowMs` after that
   * settles. Rejects with `signal.reason` if the signal aborts while waiting; `start` is then
   * never called and no slot is used.
   */
  run<T>(start: () => T | Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    this.#skipAborted();
    if (this.waiting === 0 && this.#take(this.#now())) return this.#startHolding(start);
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

  /** Takes a slot if one is free at `now`. */
  #take(now: number): boolean {
    const frees = this.#frees;
    while (this.#first < frees.length && (frees[this.#first] as number) <= now) this.#first++;
    if (this.#first > 1024 && this.#first * 2 > frees.length) {
      frees.splice(0, this.#first);
      this.#first = 0;
    }
    if (this.#running + frees.length - this.#first >= this.limit) return false;
    this.#running++;
    return true;
  }

  /** Runs `start` in a slot just taken; the slot frees `windowMs` after `start` settles. */
  #startHolding<T>(start: () => T | Promise<T>): Promise<T> {
    const result = invoke(start);
    const ended = (): void => {
      this.#running--;
      this.#frees.push(this.#now() + this.windowMs + CLOCK_SLACK_MS);
      this.#schedule();
    };
    result.then(ended, ended);
    return result;
  }

  #pump = (): void => {
    this.#timer = undefined;
    for (this.#skipAborted(); this.waiting > 0; this.#skipAborted()) {
      const waiter = this.#queue[this.#queueHead] as Waiter;
      if (!this.#take(this.#now())) break;
      this.#dequeue();
      waiter.done = true;
      if (waiter.onAbort !== undefined) waiter.signal?.removeEventListener('abort', waiter.onAbort);
      this.#startHolding(waiter.start).then(waiter.resolve, waiter.reject);
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

  /** Arms a timer for the next slot to free; none while every slot is held by a running request. */
  #schedule(): void {
    if (this.#timer !== undefined || this.waiting === 0) return;
    const next = this.#frees[this.#first];
    if (next === undefined) return; // a request ending will schedule
    const wait = Math.max(1, Math.ceil(next - this.#now()));
    this.#timer = setTimeout(this.#pump, wait);
  }
}
