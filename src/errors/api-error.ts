import { RegalBrazeError } from './regal-braze-error.js';
import type { Service } from './service.js';

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
        `${init.service === 'regal' ? 'Regal' : 'Braze'} API answered ${init.status}${describeBody(init.body)}`,
    );
    this.status = init.status;
    this.service = init.service;
    this.body = init.body;
    this.headers = headersToRecord(init.headers);
    this.requestId = init.requestId;
    this.attempts = init.attempts ?? 1;
  }
}

// On the prototype, not a class field: set before the stack is captured, and kept by every build.
ApiError.prototype.name = 'ApiError';
