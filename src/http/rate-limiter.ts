/**
 * Internal: client-side pacing. A sliding-window limiter: at most `limit` starts in any window
 * of `windowMs` milliseconds, however many callers are waiting. Callers are served first come,
 * first served.
 *
 * It keeps the start times of the last `limit` grants in a ring buffer. A new start is allowed
 * when fewer than `limit` starts happened, or when the oldest of the last `limit` starts is at
 * least `windowMs` old — so for any `i`, start `i + limit` is at least `windowMs` after start `i`,
 * which is exactly "never more than `limit` in any window".
 */

/**
 * Extra margin added to the window: timers and clocks have millisecond granularity, and a start
 * is observed (by a server, a test, a proxy) a few microseconds after it is granted.
 */
const GUARD_MS = 1;

interface Waiter {
  resolve: () => void;
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

/** Internal: at most `limit` starts in any `windowMs` window; FIFO for waiting callers. */
export class SlidingWindowLimiter {
  readonly limit: number;
  readonly windowMs: number;
  readonly #now: () => number;
  /** Start times of the last `limit` grants, oldest at `#head` once full. */
  readonly #starts: number[] = [];
  #head = 0;
  readonly #queue: Waiter[] = [];
  #queueHead = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(limit: number, options: SlidingWindowLimiterOptions = {}) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError('limit must be an integer >= 1');
    this.limit = limit;
    this.windowMs = options.windowMs ?? 1000;
    this.#now = options.now ?? defaultNow();
  }

  /** How many callers are waiting for a slot. */
  get waiting(): number {
    return this.#queue.length - this.#queueHead;
  }

  /**
   * Takes a slot now if one is free and nobody is waiting; returns whether it did. The caller
   * must start its request synchronously after a `true`.
   */
  tryAcquire(): boolean {
    this.#skipAborted();
    if (this.waiting > 0) return false;
    return this.#grant(this.#now());
  }

  /**
   * Waits for a slot (first come, first served). Rejects with `signal.reason` if the signal
   * aborts first; the slot is then not consumed.
   */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.tryAcquire()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, onAbort: undefined, done: false };
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

  /** Records a start at `now` if the window allows it. */
  #grant(now: number): boolean {
    if (this.#starts.length < this.limit) {
      this.#starts.push(now);
      return true;
    }
    const oldest = this.#starts[this.#head] as number;
    if (now - oldest < this.windowMs + GUARD_MS) return false;
    this.#starts[this.#head] = now;
    this.#head = (this.#head + 1) % this.limit;
    return true;
  }

  #pump = (): void => {
    this.#timer = undefined;
    for (this.#skipAborted(); this.waiting > 0; this.#skipAborted()) {
      const waiter = this.#queue[this.#queueHead] as Waiter;
      if (!this.#grant(this.#now())) break;
      this.#dequeue();
      waiter.done = true;
      if (waiter.onAbort !== undefined) waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.resolve();
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
    const oldest = this.#starts[this.#head] ?? this.#now();
    const wait = Math.max(1, Math.ceil(oldest + this.windowMs + GUARD_MS - this.#now()));
    this.#timer = setTimeout(this.#pump, wait);
  }
}
