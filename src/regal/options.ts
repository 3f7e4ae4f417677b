import { isSupportedCountry, type CountryCode } from 'libphonenumber-js/max';
import { ValidationError, type Issue } from '../errors/index.js';
import { readEnv } from '../http/env.js';
import type { Logger } from '../http/logger.js';
import {
  checkApiKey,
  checkBaseUrl,
  checkHttpOptions,
  checkKnownKeys,
  type FetchLike,
} from '../http/request-options.js';
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

/** Internal: options with defaults applied. */
export interface ResolvedRegalOptions {
  apiKey: string;
  baseUrl: string;
  eventSource: string;
  defaultCountry: CountryCode | undefined;
  timeout: number;
  maxRetries: number;
  maxRequestsPerSecond: number;
  fetch: FetchLike | undefined;
  logger: Logger | undefined;
}

const KNOWN_OPTIONS = [
  'apiKey',
  'baseUrl',
  'eventSource',
  'defaultCountry',
  'timeout',
  'maxRetries',
  'maxRequestsPerSecond',
  'fetch',
  'logger',
];

/** Internal: validates `RegalClient` options and applies defaults; throws a `ValidationError`. */
export function resolveRegalOptions(options: unknown): ResolvedRegalOptions {
  const issues: Issue[] = [];
  const given = options ?? {};
  if (typeof given !== 'object' || given === null) {
    throw new ValidationError('RegalClient options', [{ path: [], message: 'must be an object' }]);
  }
  checkKnownKeys(given, KNOWN_OPTIONS, [], issues, `expected ${KNOWN_OPTIONS.join(', ')}`);
  const o = given as Record<string, unknown>;
  const apiKey = checkApiKey(o.apiKey, 'REGAL_API_KEY', issues);
  const baseUrl = checkBaseUrl(
    o.baseUrl ?? readEnv('REGAL_BASE_URL') ?? DEFAULT_REGAL_BASE_URL,
    ['baseUrl'],
    issues,
  );
  const eventSource = o.eventSource ?? DEFAULT_EVENT_SOURCE;
  const eventSourceIssue = eventSourceProblem(eventSource);
  if (eventSourceIssue !== undefined) {
    issues.push({ path: ['eventSource'], message: eventSourceIssue });
  }
  if (
    o.defaultCountry !== undefined &&
    (typeof o.defaultCountry !== 'string' || !isSupportedCountry(o.defaultCountry))
  ) {
    issues.push({
      path: ['defaultCountry'],
      message: 'must be a supported ISO 3166-1 alpha-2 country code such as "US" or "FR"',
    });
  }
  checkHttpOptions(o, issues);
  if (issues.length > 0 || apiKey === undefined || baseUrl === undefined) {
    throw new ValidationError('RegalClient options', issues);
  }
  return {
    apiKey,
    baseUrl,
    eventSource: eventSource as string,
    defaultCountry: o.defaultCountry as CountryCode | undefined,
    timeout: (o.timeout as number | undefined) ?? 10_000,
    maxRetries: (o.maxRetries as number | undefined) ?? 2,
    maxRequestsPerSecond: (o.maxRequestsPerSecond as number | undefined) ?? 300,
    fetch: o.fetch as FetchLike | undefined,
    logger: o.logger as Logger | undefined,
  };
}
