// The errors of a request to Regal or Braze: an answer that is not 2xx, no answer, or the
// caller's abort.
import { nameErrors, RegalBrazeError } from './errors.js';

/** The remote API a request went to. */
export type Service = 'regal' | 'braze';

/** Internal: the API's name as a message says it (`Regal`, `Braze`). */
export function serviceName(service: Service): string {
  return service === 'regal' ? 'Regal' : 'Braze';
}

/** What an {@link ApiError} is built from. */
export interface ApiErrorInit {
  /** HTTP status of the last answer. */
  status: number;
  /** Which API answered. */
  service: Service;
  /** The answer's body: parsed JSON when it was JSON, else the text (possibly empty). */
  body: unknown;
  /** The answer's headers (they never contain the API key). */
  headers?: Headers | Record<string, string>;
  /** A request id the API returned (`x-request-id` and the like), if any. */
  requestId?: string | undefined;
  /** How many attempts were made, retries included. */
  attempts?: number;
  /** Overrides the default message. */
  message?: string;
}

function headersToRecord(headers: ApiErrorInit['headers']): Record<string, string> {
  if (headers === undefined) return {};
  if (typeof Headers !== 'undefined' && headers instanceof Headers) {
    return Object.fromEntries(headers.entries());
  }
  return { ...(headers as Record<string, string>) };
}

function describeBody(body: unknown): string {
  if (body === undefined || body === null || body === '') return '';
  if (typeof body === 'string') return `: ${body.slice(0, 200)}`;
  if (typeof body === 'object' && body !== null) {
    const message = (body as Record<string, unknown>).message;
    if (typeof message === 'string') return `: ${message.slice(0, 200)}`;
    const errors = (body as Record<string, unknown>).errors;
    if (errors !== undefined) return `: ${JSON.stringify(errors).slice(0, 200)}`;
  }
  return `: ${JSON.stringify(body).slice(0, 200)}`;
}

/**
 * A non-2xx answer from Regal or Braze, after retries.
 *
 * Subclasses narrow the common cases: {@link AuthenticationError} (401/403) and
 * {@link RateLimitError} (429).
 *
 * @example
 * ```ts
 * try {
 *   await regal.trackEvent(event);
 * } catch (error) {
 *   if (error instanceof ApiError) console.log(error.service, error.status, error.body);
 * }
 * // BrazeClient.track resolves instead, with each failed object's error in `result.errors`.
 * ```
 */
export class ApiError extends RegalBrazeError {
  /** HTTP status of the last answer. */
  readonly status: number;
  /** Which API answered: `'regal'` or `'braze'`. */
  readonly service: Service;
  /** The answer's body: parsed JSON when it was JSON, else its text. */
  readonly body: unknown;
  /** The answer's headers, lower-cased names. */
  readonly headers: Readonly<Record<string, string>>;
  /** A request id the API returned, if any. */
  readonly requestId: string | undefined;
  /** How many attempts were made, retries included. */
  readonly attempts: number;

  /**
   * Creates the error.
   * @param init - the answer the error describes.
   */
  constructor(init: ApiErrorInit) {
    super(
      init.message ??
        `${serviceName(init.service)} API answered ${init.status}${describeBody(init.body)}`,
    );
    this.status = init.status;
    this.service = init.service;
    this.body = init.body;
    this.headers = headersToRecord(init.headers);
    this.requestId = init.requestId;
    this.attempts = init.attempts ?? 1;
  }
}

/**
 * The API refused the key: `401` (missing or wrong key) or `403` (the key lacks a permission,
 * e.g. a Braze key without `users.track`). Never retried.
 */
export class AuthenticationError extends ApiError {
  /**
   * Creates the error.
   * @param init - the answer the error describes.
   */
  constructor(init: ApiErrorInit) {
    super({
      ...init,
      message:
        init.message ??
        `${serviceName(init.service)} API refused the API key (${init.status}): check the key${
          init.service === 'braze' ? ' and that it has the users.track permission' : ''
        }`,
    });
  }
}

/** What a {@link RateLimitError} is built from. */
export interface RateLimitErrorInit extends ApiErrorInit {
  /** Milliseconds the API asked to wait (from `Retry-After` or `X-RateLimit-Reset`), if it said. */
  retryAfterMs?: number | undefined;
}

/** The API answered `429 Too Many Requests` on every attempt. */
export class RateLimitError extends ApiError {
  /** Milliseconds the API asked to wait before the next request, if it said. */
  readonly retryAfterMs: number | undefined;

  /**
   * Creates the error.
   * @param init - the answer the error describes, with the wait the API asked for.
   */
  constructor(init: RateLimitErrorInit) {
    super({
      ...init,
      message:
        init.message ??
        `${serviceName(init.service)} API rate limit hit (429) after ${init.attempts ?? 1} attempt(s)`,
    });
    this.retryAfterMs = init.retryAfterMs;
  }
}

/**
 * The request never got an answer: DNS failure, refused or reset connection, TLS error.
 * Raised after retries. `cause` is the underlying network error (it holds no request headers).
 */
export class ConnectionError extends RegalBrazeError {
  /** Which API the request was for. */
  readonly service: Service;
  /** How many attempts were made, retries included. */
  readonly attempts: number;

  /**
   * Creates the error.
   * @param service - the API
   * @param message - what failed
   * @param options - `cause`: the network error; `attempts`: how many were made.
   */
  constructor(service: Service, message: string, options?: { cause?: unknown; attempts?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.service = service;
    this.attempts = options?.attempts ?? 1;
  }
}

/** An attempt took longer than the `timeout` option, on every attempt allowed. */
export class TimeoutError extends RegalBrazeError {
  /** Which API the request was for. */
  readonly service: Service;
  /** The per-attempt timeout, in milliseconds. */
  readonly timeoutMs: number;
  /** How many attempts were made, retries included. */
  readonly attempts: number;

  /**
   * Creates the error.
   * @param service - the API
   * @param timeoutMs - the per-attempt timeout
   * @param message - overrides the default
   * @param options - `attempts`: how many were made.
   */
  constructor(
    service: Service,
    timeoutMs: number,
    message?: string,
    options?: { attempts?: number },
  ) {
    super(message ?? `${serviceName(service)} API did not answer within ${timeoutMs} ms`);
    this.service = service;
    this.timeoutMs = timeoutMs;
    this.attempts = options?.attempts ?? 1;
  }
}

/**
 * Where a request was when its signal aborted it:
 * - `'waiting'`: for a slot (concurrency or pacing) before an attempt: that attempt was never sent;
 * - `'in-flight'`: an attempt was sent and not answered: the API may have processed it;
 * - `'backoff'`: between attempts, waiting to retry after a failed one.
 */
export type AbortPhase = 'waiting' | 'in-flight' | 'backoff';

/**
 * The caller aborted the request through the `signal` it passed, before an answer arrived
 * (while waiting for a pacing slot, during an attempt, or between retries: see `phase`).
 *
 * `cause` is the signal's `reason`. Nothing is retried after an abort.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * const pending = regal.trackEvent(event, { signal: controller.signal });
 * controller.abort();
 * await pending; // rejects with RequestAbortedError
 * ```
 */
export class RequestAbortedError extends RegalBrazeError {
  /** Which API the request was for. */
  readonly service: Service;

  /** Where the request was when it was aborted. */
  readonly phase: AbortPhase;

  /** Attempts sent before the abort, the one in flight included. */
  readonly attempts: number;

  /**
   * Creates the error.
   * @param service - the API
   * @param options - `cause`: the signal's reason; `phase` (default `'waiting'`) and
   * `attempts` (default 0): where the request was.
   */
  constructor(
    service: Service,
    options?: { cause?: unknown; phase?: AbortPhase; attempts?: number },
  ) {
    super(`${serviceName(service)} request aborted by the caller`, options);
    this.service = service;
    this.phase = options?.phase ?? 'waiting';
    this.attempts = options?.attempts ?? 0;
  }
}

nameErrors({
  ApiError,
  AuthenticationError,
  RateLimitError,
  ConnectionError,
  TimeoutError,
  RequestAbortedError,
});
