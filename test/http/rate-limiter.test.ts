import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PacingLimiter } from '../../src/http/rate-limiter.js';

/** The largest number of starts found in any window of `windowMs` (half-open). */
function maxInAnyWindow(starts: readonly number[], windowMs: number): number {
  let max = 0;
  for (let i = 0, j = 0; j < starts.length; j++) {
    while ((starts[j] as number) - (starts[i] as number) >= windowMs) i++;
    max = Math.max(max, j - i + 1);
  }
  return max;
}

describe('PacingLimiter', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('starts `limit` at once, then one more each time the oldest start leaves the window, in order', async () => {
    const limiter = new PacingLimiter(3, { now: () => Date.now() });
    const starts: number[] = [];
    const order: number[] = [];
    const results = Array.from({ length: 8 }, (_, index) =>
      limiter.run(() => {
        starts.push(Date.now());
        order.push(index);
        return index * 10;
      }),
    );
    // The first three start synchronously, inside run().
    expect(order).toEqual([0, 1, 2]);
    expect(limiter.waiting).toBe(5);
    await vi.advanceTimersByTimeAsync(3000);
    await expect(Promise.all(results)).resolves.toEqual([0, 10, 20, 30, 40, 50, 60, 70]);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const t0 = starts[0] as number;
    expect(starts.map((start) => start - t0)).toEqual([0, 0, 0, 1001, 1001, 1001, 2002, 2002]);
    expect(maxInAnyWindow(starts, 1000)).toBe(3);
  });

  it('a new caller waits behind the queue even when its own slot would be free', async () => {
    const limiter = new PacingLimiter(1, { now: () => Date.now() });
    const order: string[] = [];
    void limiter.run(() => order.push('a'));
    void limiter.run(() => order.push('b'));
    await vi.advanceTimersByTimeAsync(1001);
    void limiter.run(() => order.push('c'));
    expect(order).toEqual(['a', 'b']);
    await vi.advanceTimersByTimeAsync(1001);
    expect(order).toEqual(['a', 'b', 'c']);
  });

  it('passes on what start returns or throws', async () => {
    const limiter = new PacingLimiter(5);
    await expect(limiter.run(async () => 'async value')).resolves.toBe('async value');
    await expect(
      limiter.run(() => {
        throw new Error('sync failure');
      }),
    ).rejects.toThrow('sync failure');
  });

  it('an aborted waiter leaves the queue: its start never runs and uses no slot', async () => {
    const limiter = new PacingLimiter(1, { now: () => Date.now() });
    const started: string[] = [];
    void limiter.run(() => started.push('first'));
    const controller = new AbortController();
    const aborted = limiter.run(() => started.push('aborted'), controller.signal);
    const next = limiter.run(() => started.push('next'));
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    await vi.advanceTimersByTimeAsync(1001);
    await next;
    expect(started).toEqual(['first', 'next']);
    await expect(limiter.run(() => 1, controller.signal)).rejects.toThrow('stop');
  });

  it('a slot stays held until windowMs after its request ended, however long it ran', async () => {
    const limiter = new PacingLimiter(2, { now: () => Date.now() });
    const t0 = Date.now();
    const starts: number[] = [];
    const slow =
      (ms: number, fail = false) =>
      () => {
        starts.push(Date.now() - t0);
        return new Promise((resolve, reject) =>
          setTimeout(() => (fail ? reject(new Error('refused')) : resolve(ms)), ms),
        );
      };
    const results = [
      limiter.run(slow(300)),
      limiter.run(slow(700, true)),
      limiter.run(slow(0)),
      limiter.run(slow(0)),
    ];
    results[1]!.catch(() => undefined);
    expect(starts).toEqual([0, 0]);
    // Both slots are held by running requests: no timer fires a start before one ends.
    await vi.advanceTimersByTimeAsync(1300);
    expect(starts).toEqual([0, 0]);
    await vi.advanceTimersByTimeAsync(1);
    // The first ended at 300: its slot frees at 1301. The second failed at 700: 1701.
    expect(starts).toEqual([0, 0, 1301]);
    await vi.advanceTimersByTimeAsync(400);
    expect(starts).toEqual([0, 0, 1301, 1701]);
    await vi.advanceTimersByTimeAsync(1);
    await expect(results[1]).rejects.toThrow('refused');
    await expect(Promise.all([results[0], results[2], results[3]])).resolves.toEqual([300, 0, 0]);
  });

  it('rejects a limit that is not a whole number of requests', () => {
    expect(() => new PacingLimiter(0)).toThrow(RangeError);
    expect(() => new PacingLimiter(2.5)).toThrow(RangeError);
  });
});
