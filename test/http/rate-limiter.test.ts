import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SlidingWindowLimiter } from '../../src/http/rate-limiter.js';

/** The largest number of grants found in any window of `windowMs` (half-open). */
function maxInAnyWindow(starts: readonly number[], windowMs: number): number {
  let max = 0;
  for (let i = 0, j = 0; j < starts.length; j++) {
    while ((starts[j] as number) - (starts[i] as number) >= windowMs) i++;
    max = Math.max(max, j - i + 1);
  }
  return max;
}

describe('SlidingWindowLimiter', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('lets `limit` start at once, then one more each time the oldest start leaves the window', async () => {
    const limiter = new SlidingWindowLimiter(3, { now: () => Date.now() });
    const starts: number[] = [];
    const order: number[] = [];
    const pending = Array.from({ length: 8 }, (_, index) =>
      limiter.acquire().then(() => {
        starts.push(Date.now());
        order.push(index);
      }),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual([0, 1, 2]);
    expect(limiter.waiting).toBe(5);
    await vi.advanceTimersByTimeAsync(3000);
    await Promise.all(pending);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const t0 = starts[0] as number;
    expect(starts.map((start) => start - t0)).toEqual([0, 0, 0, 1001, 1001, 1001, 2002, 2002]);
    expect(maxInAnyWindow(starts, 1000)).toBe(3);
  });

  it('tryAcquire refuses while others wait, so waiting callers keep their turn', async () => {
    const limiter = new SlidingWindowLimiter(1, { now: () => Date.now() });
    expect(limiter.tryAcquire()).toBe(true);
    const waiting = limiter.acquire();
    await vi.advanceTimersByTimeAsync(1500);
    await waiting;
    expect(limiter.tryAcquire()).toBe(false);
    await vi.advanceTimersByTimeAsync(1001);
    expect(limiter.tryAcquire()).toBe(true);
  });

  it('an aborted waiter leaves the queue without using a slot', async () => {
    const limiter = new SlidingWindowLimiter(1, { now: () => Date.now() });
    expect(limiter.tryAcquire()).toBe(true);
    const controller = new AbortController();
    const aborted = limiter.acquire(controller.signal);
    const next = limiter.acquire();
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    let nextStarted = false;
    void next.then(() => (nextStarted = true));
    await vi.advanceTimersByTimeAsync(1001);
    expect(nextStarted).toBe(true);
    await expect(limiter.acquire(controller.signal)).rejects.toThrow('stop');
  });

  it('rejects a limit that is not a whole number of requests', () => {
    expect(() => new SlidingWindowLimiter(0)).toThrow(RangeError);
    expect(() => new SlidingWindowLimiter(2.5)).toThrow(RangeError);
  });
});
