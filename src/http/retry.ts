/**
 * Internal: when to retry and how long to wait. Pure functions, shared by every client.
 *
 * Policy (the one openai-node follows): network errors, timeouts, 408, 429 and 5xx are
 * retried; other statuses are final. Without a server hint the wait is
 * `min(0.5 · 2^n, 8)` seconds minus up to 25 % jitter, `n` being the number of retries so far.
 */

/** The first backoff, in milliseconds. */
export const INITIAL_RETRY_DELAY_MS = 500;
/** The longest backoff, in milliseconds. */
export const MAX_RETRY_DELAY_MS = 8_000;
/** The longest server-requested wait honoured by default; asking for more ends the retries. */
export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

/** What a retry-delay hook sees of an answer. */
export interface RetryableAnswer {
  /** HTTP status. */
  readonly status: number;
  /** Answer headers. */
  readonly headers: Headers;
}

/**
 * Reads how long the server asked to wait before the next attempt, in milliseconds, or
 * `undefined` when it did not say. Each client picks the headers its API uses.
 */
export type RetryDelayHook = (answer: RetryableAnswer, now: number) => number | undefined;

/** Statuses worth another attempt: 408 (request timeout), 429 (rate limited) and 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Exponential backoff with jitter for the retry numbered `retry` (0 for the first retry):
 * `min(0.5 · 2^retry, 8)` seconds, scaled by a factor in `(0.75, 1]`.
 */
export function backoffDelayMs(retry: number, random: () => number = Math.random): number {
  const base = Math.min(INITIAL_RETRY_DELAY_MS * 2 ** retry, MAX_RETRY_DELAY_MS);
  return Math.round(base * (1 - random() * 0.25));
}

const NON_NEGATIVE_NUMBER = /^\d+(\.\d+)?$/;

/**
 * Parses `retry-after-ms` (milliseconds) or `Retry-After` (seconds, or an HTTP date) into a
 * wait in milliseconds from `now`; `undefined` when absent or unreadable. A date in the past
 * means "now" (0).
 */
export function parseRetryAfter(headers: Headers, now: number = Date.now()): number | undefined {
  const milliseconds = headers.get('retry-after-ms')?.trim();
  if (milliseconds !== undefined && NON_NEGATIVE_NUMBER.test(milliseconds)) {
    return Number(milliseconds);
  }
  const value = headers.get('retry-after')?.trim();
  if (value === undefined || value === '') return undefined;
  if (NON_NEGATIVE_NUMBER.test(value)) return Math.round(Number(value) * 1000);
  // An HTTP date always has a day or month name; without one, Date.parse reads "-1" as a year.
  const date = /[a-z]/i.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * Parses `X-RateLimit-Reset` (the epoch second at which the rate-limit window resets, as Braze
 * sends with its 429s) into a wait in milliseconds from `now`; `undefined` when absent.
 */
export function parseRateLimitReset(
  headers: Headers,
  now: number = Date.now(),
): number | undefined {
  const value = headers.get('x-ratelimit-reset')?.trim();
  if (value === undefined || !NON_NEGATIVE_NUMBER.test(value)) return undefined;
  return Math.max(0, Math.ceil(Number(value) * 1000 - now));
}

/** The default {@link RetryDelayHook}: `retry-after-ms`, then `Retry-After`. */
export const retryAfterHeader: RetryDelayHook = (answer, now) =>
  parseRetryAfter(answer.headers, now);
