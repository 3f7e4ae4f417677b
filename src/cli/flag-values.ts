// The values of command-line flags: whole numbers and durations, refused with a UsageError
// that names the flag.
import { MAX_TIMEOUT_MS } from '../common/options.js';
import { UsageError } from './exit.js';

/**
 * A whole-number flag from `min` to `max` (no upper bound when `max` is omitted); `undefined`
 * when the flag is absent.
 * @throws {@link UsageError} naming the flag and the range.
 */
export function wholeNumberFlag(
  value: string | undefined,
  flag: string,
  usage: string,
  min: number,
  max?: number,
): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || (max !== undefined && number > max)) {
    const range = max === undefined ? `, ${min} or more` : ` from ${min} to ${max}`;
    throw new UsageError(`${flag} expects a whole number${range}, got "${value}"`, usage);
  }
  return number;
}

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/**
 * A duration flag in milliseconds, up to what a timer can wait (about 24.8 days): a whole number with a unit (`90s`, `30m`, `24h`, `2d`) or
 * without (milliseconds).
 * @throws {@link UsageError} naming the flag.
 */
export function parseDuration(value: string, flag: string, usage: string): number {
  const match = /^(\d+)(ms|s|m|h|d)?$/.exec(value.trim());
  const ms = match === null ? Number.NaN : Number(match[1]) * (UNIT_MS[match[2] ?? 'ms'] ?? 1);
  if (!(ms >= 0 && ms <= MAX_TIMEOUT_MS)) {
    throw new UsageError(
      `${flag} expects a duration such as 90m, 24h or 3d (or milliseconds), up to 24d, got "${value}"`,
      usage,
    );
  }
  return ms;
}
