// TypeScript types (no runtime schema) of the properties of the Regal events that the transforms
// map generically. Field names come from Regal's documentation and sample payloads; a field marked
// "inferred" is not in Regal's reference. Every field is optional (Regal leaves many `null`) and
// unknown fields are allowed, as in the schemas of the four events of Braze's partner page.
import type { CallCompletedProperties } from './call-completed.js';

/** A Regal number or numeric string: ids, counts and Unix times come in both forms. */
export type RegalNumeric = string | number;

/** The agent who handled a task, on most task, call and message events. */
export interface RegalAgentFields {
  agent_firstname?: string | null;
  agent_fullname?: string | null;
  /** The agent's email (older payloads call it `agent_id`). */
  agent_email?: string | null;
}

/** The campaign and journey a task belongs to. */
export interface RegalCampaignFields {
  campaign_name?: string | null;
  /** Documented as an integer, often sent as a string. */
  campaign_friendly_id?: RegalNumeric | null;
  journey_uuid?: string | null;
  journey_name?: string | null;
  journey_friendly_id?: RegalNumeric | null;
}

/** `properties` of `agent.activity.updated` (inferred from sample payloads). */
export interface AgentActivityUpdatedProperties extends RegalAgentFields {
  /** The activity the agent left, e.g. `Available`. */
  old_activity?: string | null;
  /** The activity the agent entered, e.g. `Break`. */
  new_activity?: string | null;
  /** Unix seconds. */
  changed_at?: RegalNumeric | null;
  [key: string]: unknown;
}

/**
 * `properties` of the call events other than `call.completed` (`call.placed`, `call.wrapup`,
 * `call.ivr.triggered`): the fields of `call.completed`, fewer of them set.
 */
export type RegalCallProperties = CallCompletedProperties;

/** `properties` of `call.recording.available` and `voicemail.recording.available`. */
export interface RegalRecordingProperties extends RegalAgentFields {
  call_id?: string | null;
  /** The telephony provider's call id (`CA…`). */
  call_sid?: string | null;
  /** Where the recording can be downloaded. */
  recording_link?: string | null;
  /** `INBOUND` or `OUTBOUND`. */
  direction?: string | null;
  contact_phone?: string | null;
  /** Seconds (inferred). */
  recording_duration?: RegalNumeric | null;
  [key: string]: unknown;
}

/**
 * `properties` of `call.transcript.available`, `voicemail.transcript.available` and
 * `call.analysis.available`: transcript, AI summary, sentiments and trackers.
 */
export interface RegalTranscriptProperties extends RegalAgentFields {
  call_id?: string | null;
  call_sid?: string | null;
  transcript?: string | null;
  call_summary?: string | null;
  /** Sentiment per speaker or overall, e.g. `{ contact: 'positive' }`. */
  sentiments?: Record<string, string> | null;
  /** Names of the trackers (topics) detected, e.g. `['pricing']`. */
  trackers?: string[] | null;
  [key: string]: unknown;
}

/**
 * `properties` of the SMS and MMS events (`sms.queued`, `sms.sent`, `sms.received`,
 * `sms.failed`, `sms.undelivered`, `mms.sent`, `mms.received`).
 */
export interface RegalSmsProperties extends RegalAgentFields, RegalCampaignFields {
  /** The message text. */
  content?: string | null;
  from_number?: string | null;
  to_number?: string | null;
  sms_message_id?: string | null;
  /** The attached media (MMS), else `null`. */
  media_url?: string | null;
  /** The carrier's error code (`sms.failed`, `sms.undelivered`). */
  error_code?: RegalNumeric | null;
  [key: string]: unknown;
}

/** One message of an SMS conversation: `[unix seconds, author, direction, text]`. */
export type RegalSmsConversationLine = [
  timestamp: RegalNumeric,
  author: 'Agent' | 'Contact',
  direction: 'sent' | 'received',
  text: string,
];

/** `properties` of `sms.conversation.completed`. */
export interface RegalSmsConversationProperties extends RegalAgentFields, RegalCampaignFields {
  disposition?: string | null;
  /** The conversation, oldest message first. */
  content?: RegalSmsConversationLine[] | null;
  [key: string]: unknown;
}

/**
 * `properties` of `email.sent`, `email.received` and `email.conversation.completed`
 * (field names inferred from sample payloads).
 */
export interface RegalEmailProperties extends RegalAgentFields, RegalCampaignFields {
  subject?: string | null;
  from_email?: string | null;
  to_email?: string | null;
  disposition?: string | null;
  [key: string]: unknown;
}

/** `properties` of `voicemail.completed`. */
export interface RegalVoicemailProperties extends RegalAgentFields, RegalCampaignFields {
  call_id?: string | null;
  /** `INBOUND` for a voicemail the contact left. */
  direction?: string | null;
  regal_voice_phone?: string | null;
  contact_phone?: string | null;
  /** Seconds (inferred). */
  voicemail_duration?: RegalNumeric | null;
  [key: string]: unknown;
}

/**
 * `properties` of the task events (`task.created`, `task.canceled`, `task.reservation.created`,
 * `task.reservation.accepted`, `custom.task.completed`, `cancel.all.automated.tasks`,
 * `contacted.after.hours`). Fields beyond the agent and campaign ones are inferred.
 */
export interface RegalTaskProperties extends RegalAgentFields, RegalCampaignFields {
  task_id?: string | null;
  /** The kind of task, e.g. `Outbound Call`, `Outbound SMS`, `Custom Task`. */
  type?: string | null;
  task_title?: string | null;
  disposition?: string | null;
  notes?: string | null;
  objections?: unknown[] | string | null;
  /** Why a task was canceled. */
  reason?: string | null;
  created_at?: RegalNumeric | null;
  completed_at?: RegalNumeric | null;
  [key: string]: unknown;
}

/**
 * `properties` of `scheduled.callback.requested` and `scheduled.reminder.created`
 * (fields inferred from sample payloads).
 */
export interface RegalScheduledProperties extends RegalAgentFields, RegalCampaignFields {
  task_id?: string | null;
  /** When the contact asked to be called back, Unix seconds. */
  callback_time?: RegalNumeric | null;
  /** When the reminder is due, Unix seconds. */
  reminder_time?: RegalNumeric | null;
  notes?: string | null;
  [key: string]: unknown;
}

/**
 * `properties` of `contact.created`, `contact.phone.created` and `contact.email.created`
 * (fields inferred from sample payloads).
 */
export interface RegalContactProperties {
  first_name?: string | null;
  last_name?: string | null;
  /** The phone that was added (`contact.phone.created`). */
  contact_phone?: string | null;
  /** The email that was added (`contact.email.created`). */
  email?: string | null;
  /** Who created it: `Brand.*` or `Regal.*`. */
  source?: string | null;
  created_at?: RegalNumeric | null;
  [key: string]: unknown;
}

/**
 * `properties` of `object.created` and `object.attribute.edited`: Regal custom objects
 * (fields inferred).
 */
export interface RegalObjectProperties {
  /** The custom object type, e.g. `policy`. */
  object_type?: string | null;
  object_id?: string | null;
  /** The object's attributes (`object.created`). */
  attributes?: Record<string, unknown> | null;
  /** Changed attributes, as in `contact.attribute.edited` (`object.attribute.edited`). */
  changes?: Record<string, { old_value?: unknown; new_value: unknown }> | null;
  agent_email?: string | null;
  [key: string]: unknown;
}
