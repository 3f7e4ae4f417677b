import { RegalBrazeError } from './regal-braze-error.js';
import type { Service } from './service.js';

/**
 * The request never got an answer: DNS failure, refused or reset connection, TLS error.
 * Raised after retries. `cause` is the underlying network error (it holds no request headers).
 */
export class ConnectionError extends RegalBrazeError {
  override name = 'ConnectionError';

  /** Which API the request was for. */
  readonly service: Service;

  /**
   * Creates the error.
   * @param service - the API
   * @param message - what failed
   * @param options - `cause`: the network error.
   */
  constructor(service: Service, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.service = service;
  }
}
