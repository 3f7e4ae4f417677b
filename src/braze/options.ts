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
import {
  BRAZE_REQUEST_LIMITS,
  DEFAULT_REQUEST_LIMIT,
  isBrazeRequestLimit,
  REQUEST_LIMIT_CHOICES,
  type BrazeRequestLimit,
} from '../transforms/braze/limits.js';
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

/** Internal: options with defaults applied. */
export interface ResolvedBrazeOptions {
  apiKey: string;
  restEndpoint: string;
  timeout: number;
  maxRetries: number;
  requestLimit: BrazeRequestLimit;
  maxObjectsPerRequest: number;
  maxConcurrentRequests: number;
  maxRequestsPerSecond: number;
  fetch: FetchLike | undefined;
  logger: Logger | undefined;
}

/** Internal: option names, in the order error messages list them. */
export const BRAZE_CLIENT_OPTION_NAMES = [
  'apiKey',
  'restEndpoint',
  'timeout',
  'maxRetries',
  'requestLimit',
  'maxObjectsPerRequest',
  'maxConcurrentRequests',
  'maxRequestsPerSecond',
  'fetch',
  'logger',
] as const;

function checkRestEndpoint(fromOption: unknown, issues: Issue[]): string | undefined {
  const value = fromOption ?? readEnv('BRAZE_REST_ENDPOINT');
  const source = fromOption === undefined ? 'BRAZE_REST_ENDPOINT ' : '';
  if (value === undefined) {
    issues.push({
      path: ['restEndpoint'],
      message:
        'is required: pass the restEndpoint option or set the BRAZE_REST_ENDPOINT environment variable (an instance name such as "US-01" or a URL)',
    });
    return undefined;
  }
  if (typeof value === 'string') {
    const endpoint = instanceEndpoint(value);
    if (endpoint === null) {
      issues.push({
        path: ['restEndpoint'],
        message: `${source}is not a known Braze instance (${Object.keys(BRAZE_INSTANCES).join(', ')}); pass the REST endpoint URL instead`,
      });
      return undefined;
    }
    if (endpoint !== undefined) return endpoint;
  }
  const before = issues.length;
  const url = checkBaseUrl(value, ['restEndpoint'], issues);
  if (source !== '') {
    for (let i = before; i < issues.length; i++) {
      const issue = issues[i] as Issue;
      issues[i] = { path: issue.path, message: `${source}${issue.message}` };
    }
  }
  return url;
}

function checkWholeNumber(
  value: unknown,
  name: string,
  min: number,
  max: number,
  issues: Issue[],
): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    issues.push({
      path: [name],
      message:
        max === Number.MAX_SAFE_INTEGER
          ? `must be a whole number, ${min} or more`
          : `must be a whole number from ${min} to ${max}`,
    });
  }
}

/** Internal: validates `BrazeClient` options and applies defaults; throws a `ValidationError`. */
export function resolveBrazeOptions(options: unknown): ResolvedBrazeOptions {
  const issues: Issue[] = [];
  const given = options ?? {};
  if (typeof given !== 'object' || given === null) {
    throw new ValidationError('BrazeClient options', [{ path: [], message: 'must be an object' }]);
  }
  checkKnownKeys(
    given,
    BRAZE_CLIENT_OPTION_NAMES,
    [],
    issues,
    `expected ${BRAZE_CLIENT_OPTION_NAMES.join(', ')}`,
  );
  const o = given as Record<string, unknown>;
  const apiKey = checkApiKey(o.apiKey, 'BRAZE_API_KEY', issues);
  const restEndpoint = checkRestEndpoint(o.restEndpoint, issues);
  let requestLimit = DEFAULT_REQUEST_LIMIT;
  if (isBrazeRequestLimit(o.requestLimit)) requestLimit = o.requestLimit;
  else if (o.requestLimit !== undefined) {
    issues.push({
      path: ['requestLimit'],
      message: `must be one of ${REQUEST_LIMIT_CHOICES}`,
    });
  }
  const ruleObjects = BRAZE_REQUEST_LIMITS[requestLimit].perArray;
  if (o.maxObjectsPerRequest !== undefined) {
    checkWholeNumber(o.maxObjectsPerRequest, 'maxObjectsPerRequest', 1, ruleObjects, issues);
  }
  if (o.maxConcurrentRequests !== undefined) {
    checkWholeNumber(
      o.maxConcurrentRequests,
      'maxConcurrentRequests',
      1,
      Number.MAX_SAFE_INTEGER,
      issues,
    );
  }
  checkHttpOptions(o, issues);
  if (issues.length > 0 || apiKey === undefined || restEndpoint === undefined) {
    throw new ValidationError('BrazeClient options', issues);
  }
  return {
    apiKey,
    restEndpoint,
    timeout: (o.timeout as number | undefined) ?? 10_000,
    maxRetries: (o.maxRetries as number | undefined) ?? 3,
    requestLimit,
    maxObjectsPerRequest: (o.maxObjectsPerRequest as number | undefined) ?? ruleObjects,
    maxConcurrentRequests: (o.maxConcurrentRequests as number | undefined) ?? 4,
    maxRequestsPerSecond: (o.maxRequestsPerSecond as number | undefined) ?? 1_000,
    fetch: o.fetch as FetchLike | undefined,
    logger: o.logger as Logger | undefined,
  };
}
