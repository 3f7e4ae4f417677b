import { escapeUnprintable, printable } from '../shared/text.js';
import type { SafeLogger } from '../http/logger.js';
import type { DeliveryFailure } from './delivery-failure.js';

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
