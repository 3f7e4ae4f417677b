import * as z from 'zod/mini';
import { regalEventOf } from './envelope.js';
import { stringOrNumber } from './shared.js';

/**
 * `properties` of a Regal `call.completed` event. Every field is optional (Regal leaves many
 * `null`); unknown fields, such as a custom task's, are kept.
 */
export const callCompletedPropertiesSchema = z.looseObject({
  agent_firstname: z.nullish(z.string()),
  agent_fullname: z.nullish(z.string()),
  /** The agent's email (newer payloads). */
  agent_email: z.nullish(z.string()),
  /** The agent's email (older payloads, such as Braze's partner page). */
  agent_id: z.nullish(z.string()),
  /** `INBOUND` or `OUTBOUND`. */
  direction: z.nullish(z.string()),
  regal_voice_phone: z.nullish(z.string()),
  regal_voice_phone_internal_name: z.nullish(z.string()),
  contact_phone: z.nullish(z.string()),
  call_id: z.nullish(z.string()),
  type: z.nullish(z.string()),
  disposition: z.nullish(z.string()),
  notes: z.nullish(z.string()),
  objections: z.nullish(z.union([z.array(z.unknown()), z.string()])),
  campaign_name: z.nullish(z.string()),
  /** Documented as an integer, often sent as a string. */
  campaign_friendly_id: z.nullish(stringOrNumber),
  conversation_happened: z.nullish(z.boolean()),
  started_at: z.nullish(stringOrNumber),
  ended_at: z.nullish(stringOrNumber),
  completed_at: z.nullish(stringOrNumber),
  talk_time: z.nullish(stringOrNumber),
  wrapup_time: z.nullish(stringOrNumber),
  handle_time: z.nullish(stringOrNumber),
  journey_uuid: z.nullish(z.string()),
  journey_name: z.nullish(z.string()),
  journey_friendly_id: z.nullish(stringOrNumber),
});

/** `properties` of a Regal `call.completed` event. */
export type CallCompletedProperties = z.infer<typeof callCompletedPropertiesSchema>;

/** A Regal `call.completed` reporting event. */
export const callCompletedEventSchema = regalEventOf(
  'call.completed',
  z.nullish(callCompletedPropertiesSchema),
);

/** A Regal `call.completed` reporting event. */
export type CallCompletedEvent = z.infer<typeof callCompletedEventSchema>;
