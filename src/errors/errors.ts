// The SDK's error hierarchy, in one place: RegalBrazeError, then one class per kind of failure.
import { formatIssues, printable, type Issue } from '../shared/text.js';

/** The remote API a request went to. */
export type Service = 'regal' | 'braze';

/** Internal: the API's name as a message says it (`Regal`, `Braze`). */
export function serviceName(service: Service): string {
  return service === 'regal' ? 'Regal' : 'Braze';
}

/**
 * Base class of every error `regal-braze` throws.
 *
 * Catch this to handle any failure of the SDK in one place; narrow with `instanceof` on the
 * subclasses ({@link ValidationError}, {@link PayloadError}, {@link ApiError}, …) when the kind
 * of failure matters.
 *
 * @example
 * ```ts
 * try {
 *   await regal.trackEvent(event);
 * } catch (error) {
 *   if (error instanceof RegalBrazeError) console.error(error.message);
 *   else throw error;
 * }
 * ```
 */
export class RegalBrazeError extends Error {}

/**
 * Bad input to a client method or a bad option, found before any request was sent.
 *
 * `issues` lists every problem with its path in the input; `target` names what was being
 * validated (`"RegalClient options"`, `"createContact"`, …).
 *
 * @example
 * ```ts
 * try {
 *   await regal.createContact({ traits: { phone: '12' } });
 * } catch (error) {
 *   if (error instanceof ValidationError) console.log(error.message);
 *   // Invalid createContact input: traits.phone: is not a valid phone number: write it in …
 * }
 * ```
 */
export class ValidationError extends RegalBrazeError {
  /** Each problem found, with its path in the input. */
  readonly issues: readonly Issue[];

  /** What was validated: a method name or an options object. */
  readonly target: string;

  /**
   * Creates the error.
   * @param target - what was validated
   * @param issues - every problem found.
   */
  constructor(target: string, issues: readonly Issue[]) {
    // "Invalid createContact input: …", but "Invalid RegalClient options: …".
    super(`Invalid ${target}${/options$/i.test(target) ? '' : ' input'}: ${formatIssues(issues)}`);
    this.target = target;
    this.issues = issues;
  }
}

/**
 * A Regal webhook payload that cannot be turned into a valid Braze request.
 *
 * Thrown by the transforms (and reported by the webhook bridge with a `400`). `issues` lists
 * every problem with the path where it was found; the message joins them on one line.
 *
 * @example
 * ```ts
 * try {
 *   callCompleted({ name: 'call.completed', properties: {} });
 * } catch (error) {
 *   if (error instanceof PayloadError) console.log(error.issues);
 *   // [{ path: [], message: 'no usable Braze identifier (…)' },
 *   //  { path: ['originalTimestamp'], message: 'is required …' }]
 * }
 * ```
 */
export class PayloadError extends RegalBrazeError {
  /** Each problem found, with its path in the payload. */
  readonly issues: readonly Issue[];

  /** The Regal event name (`payload.name`) when it could be read. */
  readonly eventName: string | undefined;

  /**
   * Creates the error.
   * @param issues - every problem found
   * @param eventName - `payload.name`, if readable.
   */
  constructor(issues: readonly Issue[], eventName?: string) {
    const what = eventName === undefined ? 'Regal event' : `Regal ${printable(eventName)} event`;
    super(`Invalid ${what}: ${formatIssues(issues)}`);
    this.issues = issues;
    this.eventName = eventName;
  }
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
 * The caller aborted the request through the `signal` it passed, before an answer arrived
 * (while waiting for a pacing slot, during an attempt, or between retries).
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

  /**
   * Creates the error.
   * @param service - the API
   * @param options - `cause`: the signal's reason.
   */
  constructor(service: Service, options?: { cause?: unknown }) {
    super(`${serviceName(service)} request aborted by the caller`, options);
    this.service = service;
  }
}

// `name` on each prototype, not as a class field: set before the stack is captured, and kept by
// every build (a minifier renames the classes, not these keys).
for (const [name, ErrorClass] of Object.entries({
  RegalBrazeError,
  ValidationError,
  PayloadError,
  ApiError,
  AuthenticationError,
  RateLimitError,
  ConnectionError,
  TimeoutError,
  RequestAbortedError,
})) {
  ErrorClass.prototype.name = name;
}
