import { ApiError, type ApiErrorInit } from './api-error.js';

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
        `${init.service === 'regal' ? 'Regal' : 'Braze'} API rate limit hit (429) after ${init.attempts ?? 1} attempt(s)`,
    });
    this.retryAfterMs = init.retryAfterMs;
  }
}

// On the prototype, not a class field: set before the stack is captured, and kept by every build.
RateLimitError.prototype.name = 'RateLimitError';
