import type { Logger } from '../http/logger.js';
import {
  FETCH_AND_LOGGER,
  requestsPerSecond,
  resolveClientOptions,
  retryCount,
  type FetchLike,
} from '../http/request-options.js';
import {
  boolean,
  httpBaseUrl,
  milliseconds,
  secretToken,
  wholeNumber,
  type Check,
  type OptionsSpec,
  type ResolvedOptions,
} from '../shared/options.js';
import { BRAZE_LIMITS } from '../transforms/users-track/limits.js';
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
 *   combinedLimit: true, // "MAU CY 24-25" plan: 50 objects per request, all arrays together
 *   logger: console,
 * });
 * ```
 */
export interface BrazeClientOptions {
  /** Braze REST API key (needs `users.track`), sent as `Bearer`. Default: `BRAZE_API_KEY`. */
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
  /** Objects per array (`attributes`, `events`, `purchases`) in one request: 1 to 75. Default 75. */
  maxObjectsPerRequest?: number;
  /**
   * Workspaces on Braze's "MAU CY 24-25" plan accept at most 50 objects per request, all arrays
   * together: `true` splits accordingly. Default `false`.
   */
  combinedLimit?: boolean;
  /** Requests of this client in flight at once, across all `track` calls. Default 4. */
  maxConcurrentRequests?: number;
  /**
   * Client-side pacing: at most this many requests start in any one-second window. Default
   * 1 000 (Braze allows 3 000 per 3 seconds per workspace, shared by all its clients); `Infinity`
   * turns pacing off.
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
  apiKey: { check: secretToken, env: 'BRAZE_API_KEY', required: true },
  restEndpoint: {
    check: restEndpoint,
    env: 'BRAZE_REST_ENDPOINT',
    required: '(an instance name such as "US-01" or a URL)',
  },
  timeout: { check: milliseconds, default: 10_000 },
  maxRetries: { check: retryCount, default: 3 },
  maxObjectsPerRequest: {
    check: wholeNumber(1, BRAZE_LIMITS.objectsPerArray),
    default: BRAZE_LIMITS.objectsPerArray,
  },
  combinedLimit: { check: boolean, default: false },
  maxConcurrentRequests: { check: wholeNumber(1), default: 4 },
  maxRequestsPerSecond: { check: requestsPerSecond, default: 1_000 },
  ...FETCH_AND_LOGGER,
} as const satisfies OptionsSpec;

/** Internal: options with defaults applied. */
export type ResolvedBrazeOptions = ResolvedOptions<typeof BRAZE_CLIENT_OPTIONS>;

/** Internal: validates `BrazeClient` options and applies defaults; throws a `ValidationError`. */
export function resolveBrazeOptions(options: unknown): ResolvedBrazeOptions {
  return resolveClientOptions('BrazeClient', BRAZE_CLIENT_OPTIONS, options);
}
