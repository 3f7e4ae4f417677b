import { RegalBrazeError } from './regal-braze-error.js';
import type { Service } from './service.js';

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
  /** Always `'RequestAbortedError'`. */
  override name = 'RequestAbortedError';

  /** Which API the request was for. */
  readonly service: Service;

  /**
   * Creates the error.
   * @param service - the API
   * @param options - `cause`: the signal's reason.
   */
  constructor(service: Service, options?: { cause?: unknown }) {
    super(`${service === 'regal' ? 'Regal' : 'Braze'} request aborted by the caller`, options);
    this.service = service;
  }
}
