import type { RegalBrazeError } from '../errors/index.js';
import type { SafeLogger } from '../http/logger.js';
import { escapeUnprintable, printable } from '../common/text.js';
import type { UsersTrackRequest } from '../transforms/users-track/users-track.js';

/**
 * Why an accepted event did not (entirely) reach Braze:
 * - `rejected`: Braze answered 2xx but refused some of its objects (listed in `errors`): final,
 *   sending them again gets the same answer;
 * - `failed`: its request failed after the retries allowed (Braze down, 429 for longer than the
 *   retries, 4xx, network, timeout): `error` says which;
 * - `closed`: `close()` timed out before its delivery was confirmed (never sent, or in flight
 *   when the bridge gave up on it: Braze may then have processed it).
 */
export type DeliveryFailureKind = 'rejected' | 'failed' | 'closed';

/**
 * An accepted Regal event that did not reach Braze, handed to `onDeliveryFailure`. It carries
 * the event as Regal posted it, so it can be stored and replayed, and `undelivered`, the exact
 * objects Braze did not accept, so they can be sent again with `BrazeClient.track` without
 * duplicating those it did.
 *
 * @example
 * ```ts
 * createWebhookHandler({
 *   onDeliveryFailure: async (failure) => {
 *     await db.insert('braze_dead_letters', {
 *       event_id: failure.eventId,
 *       kind: failure.kind,
 *       reason: failure.reason,
 *       event: JSON.stringify(failure.event),
 *       undelivered: JSON.stringify(failure.undelivered),
 *     });
 *   },
 * });
 * ```
 */
export interface DeliveryFailure {
  /** The Regal event as it was posted (parsed JSON). */
  readonly event: Readonly<Record<string, unknown>>;
  /** Its `eventId` (or `event_id`), when it had one. */
  readonly eventId: string | undefined;
  /** The `/users/track` body the event was transformed into. */
  readonly body: UsersTrackRequest;
  /** The objects of `body` Braze did not accept: all of them unless Braze accepted part. */
  readonly undelivered: UsersTrackRequest;
  /** Which kind of failure. */
  readonly kind: DeliveryFailureKind;
  /** Why, in one line (Braze's message, the error's, or why the bridge gave up). */
  readonly reason: string;
  /** The error of the failed request (`failed`, and `closed` when it was in flight). */
  readonly error: RegalBrazeError | undefined;
}

/**
 * Internal: the `onDeliveryFailure` used when none is given: one error line per event, through
 * the logger, or on stderr when the logger has no `error` method (a lost event must be seen
 * somewhere). Payload text in the line is escaped.
 */
export function logDeliveryFailure(logger: SafeLogger): (failure: DeliveryFailure) => void {
  return (failure) => {
    const name = typeof failure.event.name === 'string' ? printable(failure.event.name) : '?';
    const id = failure.eventId === undefined ? '(no eventId)' : printable(failure.eventId);
    const line = `delivery failed (${failure.kind}) for Regal event ${id} (${name}): ${escapeUnprintable(failure.reason)}`;
    if (logger.enabled('error')) {
      logger.log('error', line, { eventId: failure.eventId, kind: failure.kind });
    } else {
      // eslint-disable-next-line no-console
      console.error(`regal-braze: ${line}`);
    }
  };
}
