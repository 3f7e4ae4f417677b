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
  wholeNumber,
  type Check,
  type OptionsSpec,
  type ResolvedOptions,
} from '../common/options.js';
import {
  BRAZE_REQUEST_LIMITS,
  checkRequestLimit,
  DEFAULT_REQUEST_LIMIT,
  type BrazeRequestLimit,
} from '../transforms/users-track/limits.js';
import { collectIssues } from '../errors/errors.js';
import { BRAZE_INSTANCES, instanceEndpoint } from './endpoints.js';

/**
 * Options of {@link BrazeClient}. `apiKey` and `restEndpoint` may come from the environment
 * (`BRAZE_API_KEY`, `BRAZE_REST_ENDPOINT`); everything else has a default.
 *
 * @example
 * ```ts
 * const braze = new BrazeClient({
 *   apiKey: process.env.BRAZE_API_KEY, // a REST key with the users.track permission
 *   restEndpoint: 'US-03', // or 'https://rest.iad-03.braze.com'
 *   requestLimit: '50-combined', // this contract: 50 objects per request, all arrays together
 *   logger: console,
 * });
 * ```
 */
export interface BrazeClientOptions {
  /**
   * Braze REST API key (needs `users.track`), sent as `Bearer`; 8 characters or more. Default:
   * `BRAZE_API_KEY`.
   */
  apiKey?: string;
  /**
   * Your instance's REST endpoint: an instance name (`US-01` … `US-10`, `EU-01`, `EU-02`,
   * `AU-01`, …, see {@link BRAZE_INSTANCES}) or any http(s) URL (a proxy, a test server).
   * Default: `BRAZE_REST_ENDPOINT`. Required: Braze has no default host.
   */
  restEndpoint?: string;
  /** Milliseconds each attempt may take, answer included. Default 10 000. */
  timeout?: number;
  /**
   * Retries of a request after a network error, a timeout, 408, 429 or 5xx. Default 3. Braze
   * does not de-duplicate events: a retried request whose first attempt did reach Braze (its
   * answer was lost) records its events twice.
   */
  maxRetries?: number;
  /**
   * How Braze counts the objects of one request, which depends on the workspace's contract:
   * `'75-combined'` (default: 75 objects in all, attributes, events and purchases together),
   * `'50-combined'` (50 in all, some "MAU CY 24-25" contracts) or `'75-per-array'` (legacy rate
   * limits: 75 in each array).
   */
  requestLimit?: BrazeRequestLimit;
  /**
   * Fewer objects per request than `requestLimit` allows, counted the same way (in all, or per
   * array with `'75-per-array'`): 1 to the rule's number. Default: the rule's number.
   */
  maxObjectsPerRequest?: number;
  /** Requests of this client in flight at once, across all `track` calls. Default 4. */
  maxConcurrentRequests?: number;
  /**
   * Client-side pacing: Braze sees at most this many requests in any one-second window (each
   * request holds a slot until a second after its answer began). Default 1 000 (Braze allows
   * 3 000 per 3 seconds per workspace, shared by all its clients); `Infinity` turns pacing off.
   */
  maxRequestsPerSecond?: number;
  /** A custom `fetch` (proxy, tracing, tests). Default: the global `fetch`. */
  fetch?: FetchLike;
  /** Where to log requests, retries and warnings. Default: silent. */
  logger?: Logger;
}

// An instance name (`US-03`) or the URL of a REST endpoint.
const restEndpoint: Check<string> = (value, path, issues) => {
  if (typeof value === 'string') {
    const endpoint = instanceEndpoint(value);
    if (endpoint === null) {
      issues.push({
        path,
        message: `is not a known Braze instance (${Object.keys(BRAZE_INSTANCES).join(', ')}); pass the REST endpoint URL instead`,
      });
      return undefined;
    }
    if (endpoint !== undefined) return endpoint;
  }
  return httpBaseUrl(value, path, issues);
};

/** Internal: how each `BrazeClient` option is read, in the order error messages list them. */
const BRAZE_CLIENT_OPTIONS = {
  apiKey: { check: apiKey, env: 'BRAZE_API_KEY', required: true },
  restEndpoint: {
    check: restEndpoint,
    env: 'BRAZE_REST_ENDPOINT',
    required: '(an instance name such as "US-01" or a URL)',
  },
  timeout: { check: milliseconds, default: 10_000 },
  maxRetries: { check: retryCount, default: 3 },
  requestLimit: { check: checkRequestLimit, default: DEFAULT_REQUEST_LIMIT },
  // Its upper bound is the chosen rule's number, checked once the rule is known.
  maxObjectsPerRequest: { check: wholeNumber(1, 75) },
  maxConcurrentRequests: { check: wholeNumber(1), default: 4 },
  maxRequestsPerSecond: { check: requestsPerSecond, default: 1_000 },
  ...FETCH_AND_LOGGER,
} as const satisfies OptionsSpec;

/** Internal: options with defaults applied. */
export type ResolvedBrazeOptions = Omit<
  ResolvedOptions<typeof BRAZE_CLIENT_OPTIONS>,
  'maxObjectsPerRequest'
> & { maxObjectsPerRequest: number };

/** Internal: validates `BrazeClient` options and applies defaults; throws a `ValidationError`. */
export function resolveBrazeOptions(options: unknown): ResolvedBrazeOptions {
  const resolved = resolveClientOptions('BrazeClient', BRAZE_CLIENT_OPTIONS, options);
  const ruleObjects = BRAZE_REQUEST_LIMITS[resolved.requestLimit].perArray;
  const maxObjectsPerRequest = collectIssues('BrazeClient options', (issues) =>
    resolved.maxObjectsPerRequest === undefined
      ? ruleObjects
      : wholeNumber(1, ruleObjects)(
          resolved.maxObjectsPerRequest,
          ['maxObjectsPerRequest'],
          issues,
        ),
  );
  return { ...resolved, maxObjectsPerRequest: maxObjectsPerRequest as number };
}
