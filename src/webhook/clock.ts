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
export function unref(handle: unknown): void {
  (handle as { unref?: () => void } | undefined)?.unref?.();
}

/**
 * Resolves to `true` when `promise` settles first, `false` when `ms` pass first; the timer is
 * cleared either way.
 */
export async function settlesWithin(
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
