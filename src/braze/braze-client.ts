import { RegalBrazeError, RequestAbortedError } from '../errors/index.js';
import { escapeUnprintable } from '../common/text.js';
import { HttpClient } from '../http/http-client.js';
import { validateRequestOptions, type RequestOptions } from '../http/request-options.js';
import { redactSecrets, secretsOf } from '../http/redact.js';
import { parseRateLimitReset, parseRetryAfter, type RetryDelayHook } from '../http/retry.js';
import { USER_AGENT } from '../common/version.js';
import type { BrazeRequestLimit } from '../transforms/users-track/limits.js';
import type {
  BrazeAttributes,
  BrazeEvent,
  BrazePurchase,
  UsersTrackRequest,
} from '../transforms/users-track/users-track.js';
import { checkTrackInput } from './check-track-input.js';
import { resolveBrazeOptions, type BrazeClientOptions } from './options.js';
import {
  planRequests,
  requestLimitsOf,
  type PlannedRequest,
  type RequestLimits,
} from './plan-requests.js';
import { Semaphore } from './semaphore.js';
import {
  TRACK_ARRAYS,
  type TrackArray,
  type TrackBodyResult,
  type TrackObjectError,
  type TrackOutcome,
  type TrackResult,
} from './track-result.js';

/**
 * Braze's 429s carry `X-RateLimit-Reset` (the epoch second the window resets): wait for it when
 * there is no `Retry-After`. 5xx answers only get a wait when they say so (`Retry-After`).
 */
export const brazeRetryDelay: RetryDelayHook = (answer, now) => {
  const asked = parseRetryAfter(answer.headers, now);
  if (asked !== undefined || answer.status !== 429) return asked;
  const reset = parseRateLimitReset(answer.headers, now);
  // A reset already passed (clock skew, same second): back off rather than hammer.
  return reset === 0 ? undefined : reset;
};

const ACCEPTED: TrackOutcome = Object.freeze({ status: 'accepted' });

/** What one planned request came to. */
type RequestOutcome =
  | { kind: 'answered'; attempts: number; rejected: Map<string, string> }
  | { kind: 'failed'; attempts: number; error: RegalBrazeError };

/**
 * Braze's `errors` of a 2xx answer, as `"<array>:<index>" -> type`, secrets masked (in case
 * Braze ever echoes the key); `unmapped` holds the entries that name no object of the request.
 */
function partialErrorsOf(
  body: unknown,
  request: PlannedRequest,
  secrets: readonly string[],
): { rejected: Map<string, string>; unmapped: unknown[] } {
  const rejected = new Map<string, string>();
  const unmapped: unknown[] = [];
  const errors = (body as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return { rejected, unmapped };
  for (const entry of errors) {
    const {
      input_array: array,
      index,
      type,
    } = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
    const names =
      TRACK_ARRAYS.includes(array as TrackArray) &&
      typeof index === 'number' &&
      Number.isInteger(index) &&
      index >= 0 &&
      index < request.slots[array as TrackArray].length;
    if (!names) {
      unmapped.push(entry);
      continue;
    }
    const reason = typeof type === 'string' ? (redactSecrets(type, secrets) as string) : undefined;
    rejected.set(`${array as string}:${index as number}`, reason ?? 'rejected by Braze');
  }
  return { rejected, unmapped };
}

function attemptsOf(error: unknown): number {
  const attempts = (error as { attempts?: unknown }).attempts;
  return typeof attempts === 'number' ? attempts : 1;
}

/**
 * Sends user data to Braze's `POST /users/track`: attributes, custom events and purchases, as
 * the transforms make them from Regal events.
 *
 * `track` takes one body or many, merges them and splits them into requests Braze accepts, sends
 * those with at most `maxConcurrentRequests` in flight, and resolves to the outcome of every
 * object given, including Braze's partial successes (`errors` listing the objects it refused).
 *
 * Request size: by default at most 75 objects per request in all (attributes, events and
 * purchases together), as current Braze workspaces accept; `requestLimit: '50-combined'` for
 * contracts allowing 50 in all, `'75-per-array'` for legacy rate limits (75 in each array). A
 * request also stays under 4 MB of JSON. N objects take ceil(N / 75) requests by default.
 *
 * Retries: network errors, timeouts, 408 and 5xx back off exponentially with jitter (or wait
 * for `Retry-After`); 429 waits for `Retry-After` or `X-RateLimit-Reset`; other 4xx are final.
 * Requests are paced to `maxRequestsPerSecond` (default 1 000).
 *
 * The API key is in no error, log line or `util.inspect` of the client.
 *
 * @example
 * ```ts
 * import { BrazeClient, transformRegalEvent } from 'regal-braze';
 *
 * const braze = new BrazeClient({ apiKey: process.env.BRAZE_API_KEY, restEndpoint: 'US-03' });
 * const result = await braze.track(transformRegalEvent(payload)!);
 * if (!result.ok) console.error(result.errors);
 * ```
 */
export class BrazeClient {
  /** REST endpoint requests go to (`/users/track` is appended). */
  readonly restEndpoint: string;
  /** How Braze counts the objects of one request (see {@link BrazeClientOptions.requestLimit}). */
  readonly requestLimit: BrazeRequestLimit;
  /** Objects in one request, counted as `requestLimit` counts (in all, or per array). */
  readonly maxObjectsPerRequest: number;
  /** Requests in flight at once, across all `track` calls. */
  readonly maxConcurrentRequests: number;

  /**
   * How much one request may hold, as `track` splits (the bridge batches to it).
   * @internal
   */
  readonly requestLimits: RequestLimits;

  readonly #http: HttpClient;
  readonly #slots: Semaphore;
  readonly #secrets: readonly string[];

  /**
   * Creates a client; nothing is sent until `track` is called.
   * @param options - see {@link BrazeClientOptions}; throws a {@link ValidationError} when an
   * option is invalid, or when the API key or the REST endpoint is given neither as an option
   * nor in the environment (`BRAZE_API_KEY`, `BRAZE_REST_ENDPOINT`).
   */
  constructor(options: BrazeClientOptions = {}) {
    const resolved = resolveBrazeOptions(options);
    this.restEndpoint = resolved.restEndpoint;
    this.requestLimit = resolved.requestLimit;
    this.maxObjectsPerRequest = resolved.maxObjectsPerRequest;
    this.requestLimits = requestLimitsOf(resolved.requestLimit, resolved.maxObjectsPerRequest);
    this.maxConcurrentRequests = resolved.maxConcurrentRequests;
    this.#slots = new Semaphore(resolved.maxConcurrentRequests);
    const authorization = `Bearer ${resolved.apiKey}`;
    this.#secrets = secretsOf(authorization);
    this.#http = new HttpClient({
      service: 'braze',
      baseUrl: resolved.restEndpoint,
      authorization,
      userAgent: USER_AGENT,
      timeout: resolved.timeout,
      maxRetries: resolved.maxRetries,
      maxRequestsPerSecond: resolved.maxRequestsPerSecond,
      fetch: resolved.fetch,
      logger: resolved.logger,
      retryDelay: brazeRetryDelay,
    });
  }

  /**
   * Sends attributes, events and purchases to `POST /users/track`.
   *
   * The bodies given are merged and split into as few requests as Braze's limits allow, sent
   * with at most `maxConcurrentRequests` in flight. The result gives the outcome of every
   * object, in the shape of the input: `accepted`, `rejected` (listed in the `errors` of a 2xx
   * answer: Braze processed the rest of the request) or `failed` (its request failed after the
   * retries allowed, with the typed error: `ApiError`, `AuthenticationError`, `RateLimitError`,
   * `TimeoutError`, `ConnectionError` or `RequestAbortedError`).
   *
   * `track` does not reject when a request fails: when one of three requests fails, the other
   * two were delivered, and Braze does not de-duplicate events, so the caller needs to know
   * exactly which objects to send again, which a rejection would hide. Check `result.ok`.
   *
   * @param body - one `/users/track` body, or several (merged before splitting). Objects are
   * validated first: any problem throws a {@link ValidationError} (target `"track"`) naming
   * each one with its path (`[1].events[3].time`), and nothing is sent.
   * @param options - per call: `signal` (abort everything not yet answered), `timeout` (per
   * attempt), `maxRetries`.
   *
   * @example
   * ```ts
   * const result = await braze.track({
   *   attributes: [{ external_id: 'user-1', plan: 'gold' }],
   *   events: [{ external_id: 'user-1', name: 'Call Completed', time: '2024-05-01T10:00:00Z' }],
   * });
   * // { ok: true, accepted: 2, rejected: 0, failed: 0, requests: 1, attempts: 1,
   * //   bodies: [{ attributes: [{ status: 'accepted' }], events: [{ status: 'accepted' }] }], errors: [] }
   * ```
   */
  async track(
    body: UsersTrackRequest | readonly UsersTrackRequest[],
    options?: RequestOptions,
  ): Promise<TrackResult> {
    const requestOptions = validateRequestOptions(options, 'track');
    return this.trackValidated(checkTrackInput(body), requestOptions);
  }

  /**
   * `track` for bodies already validated: the bridge validates each event once, when it
   * accepts it.
   * @internal
   */
  async trackValidated(
    bodies: readonly UsersTrackRequest[],
    requestOptions: RequestOptions,
  ): Promise<TrackResult> {
    const plan = planRequests(bodies, this.requestLimits);
    const outcomes = await Promise.all(plan.map((request) => this.#send(request, requestOptions)));
    return this.#result(bodies, plan, outcomes);
  }

  async #send(request: PlannedRequest, options: RequestOptions): Promise<RequestOutcome> {
    let started = false;
    try {
      return await this.#slots.run(async () => {
        started = true;
        const answer = await this.#http.postJsonText('users/track', request.text, options);
        const { rejected, unmapped } = partialErrorsOf(answer.body, request, this.#secrets);
        if (rejected.size > 0) this.#logRejected(request, rejected);
        if (unmapped.length > 0) this.#logUnmapped(request, unmapped);
        return { kind: 'answered', attempts: answer.attempts, rejected } as const;
      }, options.signal);
    } catch (caught) {
      const error = started
        ? caught
        : new RequestAbortedError('braze', { cause: options.signal?.reason });
      const typed =
        error instanceof RegalBrazeError
          ? error
          : new RegalBrazeError(
              `Unexpected error while sending to Braze: ${escapeUnprintable(String((error as Error)?.message ?? error))}`,
            );
      this.#http.logger.log(
        'error',
        `braze POST users/track failed (${request.size} objects): ${escapeUnprintable(typed.message)}`,
        { service: 'braze', objects: request.size, error: typed.name },
      );
      return { kind: 'failed', attempts: started ? attemptsOf(typed) : 0, error: typed };
    }
  }

  #logRejected(request: PlannedRequest, rejected: Map<string, string>): void {
    const [first] = rejected;
    const [where, type] = first as [string, string];
    const [array, index] = where.split(':');
    this.#http.logger.log(
      'warn',
      `braze POST users/track: Braze refused ${rejected.size} of ${request.size} objects (${array}[${index}]: ${escapeUnprintable(type.slice(0, 200))})`,
      { service: 'braze', objects: request.size, rejected: rejected.size },
    );
  }

  // Braze said something failed but not what: the objects count as accepted (nothing else can be
  // known), and the answer is logged so that it is seen.
  #logUnmapped(request: PlannedRequest, unmapped: unknown[]): void {
    const sample = redactSecrets(JSON.stringify(unmapped[0]) ?? String(unmapped[0]), this.#secrets);
    this.#http.logger.log(
      'warn',
      `braze POST users/track: Braze listed ${unmapped.length} error(s) that name no object of the request of ${request.size}; counted as accepted (first: ${escapeUnprintable(String(sample).slice(0, 200))})`,
      { service: 'braze', objects: request.size, unmapped: unmapped.length },
    );
  }

  #result(
    bodies: readonly UsersTrackRequest[],
    plan: readonly PlannedRequest[],
    outcomes: readonly RequestOutcome[],
  ): TrackResult {
    const results: TrackBodyResult[] = bodies.map((body) => {
      const result: TrackBodyResult = {};
      for (const array of TRACK_ARRAYS) {
        const list = body[array];
        if (list !== undefined) result[array] = new Array<TrackOutcome>(list.length);
      }
      return result;
    });
    const errors: TrackObjectError[] = [];
    let accepted = 0;
    let attempts = 0;
    plan.forEach((request, r) => {
      const outcome = outcomes[r] as RequestOutcome;
      attempts += outcome.attempts;
      for (const array of TRACK_ARRAYS) {
        request.slots[array].forEach((slot, i) => {
          let object: TrackOutcome;
          if (outcome.kind === 'failed') {
            object = { status: 'failed', error: outcome.error };
          } else {
            const reason = outcome.rejected.get(`${array}:${i}`);
            object = reason === undefined ? ACCEPTED : { status: 'rejected', reason };
          }
          (results[slot.body] as TrackBodyResult)[array]![slot.index] = object;
          if (object.status === 'accepted') {
            accepted++;
            return;
          }
          const given = (bodies[slot.body] as UsersTrackRequest)[array]![slot.index] as
            BrazeAttributes | BrazeEvent | BrazePurchase;
          errors.push({ ...object, body: slot.body, array, index: slot.index, object: given });
        });
      }
    });
    // Requests complete in any order: list errors in input order.
    errors.sort(
      (a, b) =>
        a.body - b.body ||
        TRACK_ARRAYS.indexOf(a.array) - TRACK_ARRAYS.indexOf(b.array) ||
        a.index - b.index,
    );
    const rejected = errors.filter((error) => error.status === 'rejected').length;
    return {
      ok: errors.length === 0,
      accepted,
      rejected,
      failed: errors.length - rejected,
      requests: plan.length,
      attempts,
      bodies: results,
      errors,
    };
  }
}
