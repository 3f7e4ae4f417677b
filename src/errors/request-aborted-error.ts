import { RegalBrazeError } from './regal-braze-error.js';
import type { Service } from './service.js';

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
    super(`${service === 'regal' ? 'Regal' : 'Braze'} request aborted by the caller`, options);
    this.service = service;
    this.phase = options?.phase ?? 'waiting';
    this.attempts = options?.attempts ?? 0;
  }
}

// On the prototype, not a class field: set before the stack is captured, and kept by every build.
RequestAbortedError.prototype.name = 'RequestAbortedError';
