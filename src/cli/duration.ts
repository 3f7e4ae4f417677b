import { UsageError } from './usage-error.js';

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** Longest duration a flag takes: what a timer can wait (about 24.8 days). */
const MAX_MS = 2_147_483_647;

/**
 * A duration flag in milliseconds: a whole number with a unit (`90s`, `30m`, `24h`, `2d`) or
 * without (milliseconds).
 * @throws {@link UsageError} naming the flag.
 */
export function parseDuration(value: string, flag: string, usage: string): number {
  const match = /^(\d+)(ms|s|m|h|d)?$/.exec(value.trim());
  const ms = match === null ? Number.NaN : Number(match[1]) * (UNIT_MS[match[2] ?? 'ms'] ?? 1);
  if (!(ms >= 0 && ms <= MAX_MS)) {
    throw new UsageError(
      `${flag} expects a duration such as 90m, 24h or 3d (or milliseconds), up to 24d, got "${value}"`,
      usage,
    );
  }
  return ms;
}
