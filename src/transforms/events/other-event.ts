import type { UsersTrackRequest } from '../users-track/users-track.js';
import { eventBody } from '../core/bodies.js';
import type { ResolvedTransformOptions } from '../options.js';
import { CONTACTLESS_EVENT_NAMES } from '../regal-event-names.js';
import { checkPayload } from '../validation/check-payload.js';
import { REGAL_EVENT } from '../validation/validators.generated.js';

// Every other Regal event -> a Braze custom event named after it ("sms.sent" -> "SMS Sent"), with
// all its properties; agent.activity.updated concerns no contact: nothing is sent.
export function mapOtherEvent(
  payload: unknown,
  options: ResolvedTransformOptions,
): UsersTrackRequest | undefined {
  const event = checkPayload(payload, REGAL_EVENT);
  if (CONTACTLESS_EVENT_NAMES.indexOf(event.name as never) !== -1) return undefined;
  return eventBody(event, options, undefined, {});
}
