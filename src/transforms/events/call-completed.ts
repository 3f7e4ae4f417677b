import type { UsersTrackRequest } from '../users-track/users-track.js';
import { eventBody } from '../core/bodies.js';
import type { ResolvedTransformOptions } from '../options.js';
import type { CallCompletedProperties } from '../schemas/call-completed.js';
import { checkPayload } from '../validation/check-payload.js';
import {
  CALL_COMPLETED_EVENT,
  CALL_COMPLETED_PROPERTIES,
} from '../validation/validators.generated.js';

// call.completed -> the Braze custom event "Call Completed" (or its name in OPTIONS.eventNames),
// at the call's originalTimestamp.
export function mapCallCompleted(
  payload: unknown,
  options: ResolvedTransformOptions,
): UsersTrackRequest {
  const event = checkPayload(payload, CALL_COMPLETED_EVENT);
  const p: CallCompletedProperties = event.properties || {};
  // One line per Braze event property: its name on the left, the Regal value on the right.
  // Change a name to rename the property, delete a line to leave it out. Properties Regal sends
  // that are not listed here are copied as they are.
  return eventBody(event, options, CALL_COMPLETED_PROPERTIES, {
    agent_firstname: p.agent_firstname,
    agent_fullname: p.agent_fullname,
    agent_email: p.agent_email,
    agent_id: p.agent_id,
    direction: p.direction,
    regal_voice_phone: p.regal_voice_phone,
    regal_voice_phone_internal_name: p.regal_voice_phone_internal_name,
    contact_phone: p.contact_phone,
    call_id: p.call_id,
    type: p.type,
    disposition: p.disposition,
    notes: p.notes,
    objections: p.objections,
    campaign_name: p.campaign_name,
    campaign_friendly_id: p.campaign_friendly_id,
    conversation_happened: p.conversation_happened,
    started_at: p.started_at,
    ended_at: p.ended_at,
    completed_at: p.completed_at,
    talk_time: p.talk_time,
    wrapup_time: p.wrapup_time,
    handle_time: p.handle_time,
    journey_uuid: p.journey_uuid,
    journey_name: p.journey_name,
    journey_friendly_id: p.journey_friendly_id,
  });
}
