import { RegalBrazeError } from './regal-braze-error.js';
import type { Service } from './service.js';

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
    super(
      message ??
        `${service === 'regal' ? 'Regal' : 'Braze'} API did not answer within ${timeoutMs} ms`,
    );
    this.service = service;
    this.timeoutMs = timeoutMs;
    this.attempts = options?.attempts ?? 1;
  }
}

// On the prototype, not a class field: set before the stack is captured, and kept by every build.
TimeoutError.prototype.name = 'TimeoutError';
