import type { DeliveryState } from './delivery-state.js';

/**
 * Counters of a webhook handler since it was created (`handler.stats()`), and where delivery
 * stands.
 *
 * Once the handler is idle with Braze healthy, `accepted === delivered + failed`: every
 * accepted event either reached Braze or was handed to `onDeliveryFailure`.
 */
export interface WebhookStats {
  /** Requests handled. */
  readonly received: number;
  /** Events validated and queued for Braze (answered 202). */
  readonly accepted: number;
  /** Events already accepted before (same `eventId`): answered 202, not forwarded. */
  readonly duplicates: number;
  /** Events that concern no contact (`agent.activity.updated`): answered 202, not forwarded. */
  readonly ignored: number;
  /** Requests answered 400 (not JSON, or not a valid Regal event). */
  readonly invalid: number;
  /** Requests answered 401 (missing or wrong secret). */
  readonly unauthorized: number;
  /** Requests answered 405 (not POST). */
  readonly methodNotAllowed: number;
  /** Requests answered 413 (body over `maxBodyBytes`). */
  readonly tooLarge: number;
  /** Requests answered 503 (closing, or the queue full). */
  readonly unavailable: number;
  /** Accepted events waiting for a Braze request (as this process knows: its own and those queued at start). */
  readonly queued: number;
  /** Accepted events in Braze requests in flight. */
  readonly inFlight: number;
  /** Events whose every object Braze accepted. */
  readonly delivered: number;
  /** Events handed to `onDeliveryFailure` (dead letters, and `closed` ones). */
  readonly failed: number;
  /** Times an event was put back to wait for Braze (429, outage, refused key). */
  readonly retried: number;
  /** Batches sent to Braze. */
  readonly batches: number;
  /** Requests sent to Braze (a batch is one request unless an event alone exceeds one). */
  readonly brazeRequests: number;
  /** HTTP attempts made to Braze, retries included. */
  readonly brazeAttempts: number;
  /**
   * Where delivery stands: `delivering`; `rate-limited` (429, waiting for its reset);
   * `braze-unavailable` (backing off); `unauthorized` (Braze refused the API key: paused,
   * logged as an error); `closing`.
   */
  readonly delivery: DeliveryState;
  /** While paused: when the next try is due (epoch ms); `undefined` otherwise. */
  readonly pausedUntil: number | undefined;
  /** Whether `close()` was called. */
  readonly closing: boolean;
}
