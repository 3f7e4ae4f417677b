// How the stores of the bridge (delivery queues, de-dup stores) read their options: the shared
// option toolbox, one ValidationError for `<factory> options` listing every issue.
import { collectIssues } from '../errors/errors.js';
import {
  callable,
  MAX_TIMEOUT_MS,
  readOptions,
  wholeNumber,
  type Check,
  type OptionsSpec,
  type ResolvedOptions,
} from '../common/options.js';

/** Internal: reads a store factory's options against its spec; throws a `ValidationError`. */
export function readStoreOptions<S extends OptionsSpec>(
  factory: string,
  spec: S,
  options: unknown,
): ResolvedOptions<S> {
  const unknownKey = `is not an option (${Object.keys(spec).join(', ')})`;
  return collectIssues(`${factory} options`, (issues) =>
    readOptions(spec, options, issues, { unknownKey }),
  );
}

/**
 * Internal: how long a lease lasts, in whole ms. A timer renews leases, so it is a duration a
 * timer can wait.
 */
export const leaseMs: Check<number> = wholeNumber(1, MAX_TIMEOUT_MS);

/** Internal: a clock for tests. */
export const epochClock = callable<() => number>('a function returning epoch milliseconds');
