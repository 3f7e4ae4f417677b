import { RegalBrazeError } from './regal-braze-error.js';
import type { Service } from './service.js';

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

// On the prototype, not a class field: set before the stack is captured, and kept by every build.
ConnectionError.prototype.name = 'ConnectionError';
