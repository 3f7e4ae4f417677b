// Waiting in tests for something another part (a server, a child process, a timer) makes true.

/** How {@link until} waits. */
export interface UntilOptions {
  /** Give up after this long: the test fails. Default 15 s (generous: a loaded machine is slow). */
  timeoutMs?: number;
  /** Look again after this long. Default 20 ms. */
  everyMs?: number;
  /** What is waited for, named in the failure. */
  what?: string;
}

/** Resolves once `check()` is true; rejects after `timeoutMs`, naming `what`. */
export async function until(
  check: () => boolean,
  { timeoutMs = 15_000, everyMs = 20, what = 'the condition' }: UntilOptions = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
