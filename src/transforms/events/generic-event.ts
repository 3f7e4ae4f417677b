import type { UsersTrackEventsRequest } from '../users-track/users-track.js';
import { eventBody } from '../core/event-body.js';
import { parsePayload } from '../core/parse.js';
import type { ResolvedTransformOptions } from '../options.js';
import { regalEventSchema } from '../schemas/envelope.js';

/**
 * @internal Any Regal event as a Braze custom event named after it (`sms.sent` -> `SMS Sent`),
 * its properties copied.
 */
export function mapGenericEvent(
  event: unknown,
  options: ResolvedTransformOptions,
): UsersTrackEventsRequest {
  return eventBody(parsePayload(regalEventSchema, event), options);
}
