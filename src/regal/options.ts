import { isSupportedCountry, type CountryCode } from 'libphonenumber-js/max';
import type { Logger } from '../http/logger.js';
import {
  apiKey,
  FETCH_AND_LOGGER,
  requestsPerSecond,
  resolveClientOptions,
  retryCount,
  type FetchLike,
} from '../http/request-options.js';
import {
  httpBaseUrl,
  milliseconds,
  type Check,
  type OptionsSpec,
  type ResolvedOptions,
} from '../common/options.js';
import { DEFAULT_EVENT_SOURCE, DEFAULT_REGAL_BASE_URL, eventSourceProblem } from './defaults.js';

/**
 * Options of {@link RegalClient}. All are optional when `REGAL_API_KEY` is set.
 *
 * @example
 * ```ts
 * const regal = new RegalClient({
 *   apiKey: process.env.REGAL_API_KEY,
 *   defaultCountry: 'US', // read "(415) 555-0123" as +14155550123
 *   maxRetries: 0, // never risk recording an event twice
 *   logger: console,
 * });
 * ```
 */
export interface RegalClientOptions {
  /**
   * Regal API key, sent raw in `Authorization`; 8 characters or more. Default: the
   * `REGAL_API_KEY` environment variable.
   */
  apiKey?: string;
  /**
   * Events API base URL; `/events` is appended. Any http(s) URL, so tests and proxies can point
   * it elsewhere. Default: `REGAL_BASE_URL`, else `https://events.regalvoice.com`.
   */
  baseUrl?: string;
  /** `eventSource` sent with every call. Default `"braze"`. */
  eventSource?: string;
  /** Country (ISO 3166 alpha-2, e.g. `"US"`) of phone numbers written without `+`. Default: none (such numbers are rejected). */
  defaultCountry?: CountryCode;
  /** Milliseconds each attempt may take, answer included. Default 10 000. */
  timeout?: number;
  /**
   * Retries after a network error, a timeout, 408, 429 or 5xx. Default 2. Regal has no
   * idempotency key: a retried call whose first attempt did reach Regal is recorded twice. `0`
   * turns retries off.
   */
  maxRetries?: number;
  /**
   * Client-side pacing: Regal sees at most this many requests in any one-second window, however
   * many calls are in flight (the others wait their turn): each request holds a slot until a
   * second after its answer began. Default 300, Regal's limit; `Infinity` turns pacing off.
   */
  maxRequestsPerSecond?: number;
  /** A custom `fetch` (proxy, tracing, tests). Default: the global `fetch`. */
  fetch?: FetchLike;
  /** Where to log requests, retries and warnings. Default: silent. */
  logger?: Logger;
}

const eventSource: Check<string> = (value, path, issues) => {
  const problem = eventSourceProblem(value);
  if (problem === undefined) return value as string;
  issues.push({ path, message: problem });
  return undefined;
};

const countryCode: Check<CountryCode> = (value, path, issues) => {
  if (typeof value === 'string' && isSupportedCountry(value)) return value;
  issues.push({
    path,
    message: 'must be a supported ISO 3166-1 alpha-2 country code such as "US" or "FR"',
  });
  return undefined;
};

/** Internal: how each `RegalClient` option is read, in the order error messages list them. */
const REGAL_CLIENT_OPTIONS = {
  apiKey: { check: apiKey, env: 'REGAL_API_KEY', required: true },
  baseUrl: { check: httpBaseUrl, env: 'REGAL_BASE_URL', default: DEFAULT_REGAL_BASE_URL },
  eventSource: { check: eventSource, default: DEFAULT_EVENT_SOURCE },
  defaultCountry: { check: countryCode },
  timeout: { check: milliseconds, default: 10_000 },
  maxRetries: { check: retryCount, default: 2 },
  maxRequestsPerSecond: { check: requestsPerSecond, default: 300 },
  ...FETCH_AND_LOGGER,
} as const satisfies OptionsSpec;

/** Internal: options with defaults applied. */
export type ResolvedRegalOptions = ResolvedOptions<typeof REGAL_CLIENT_OPTIONS>;

/** Internal: validates `RegalClient` options and applies defaults; throws a `ValidationError`. */
export function resolveRegalOptions(options: unknown): ResolvedRegalOptions {
  return resolveClientOptions('RegalClient', REGAL_CLIENT_OPTIONS, options);
}
