import type { CallCompletedEvent } from './call-completed.js';
import type { ContactAttributeEditedEvent } from './contact-attribute-edited.js';
import type { ContactExperimentAssignedEvent } from './contact-experiment-assigned.js';
import type { ContactSubscribedEvent, ContactUnsubscribedEvent } from './contact-subscription.js';
import type { RegalEvent } from './envelope.js';
import type {
  AgentActivityUpdatedProperties,
  RegalCallProperties,
  RegalContactProperties,
  RegalEmailProperties,
  RegalObjectProperties,
  RegalRecordingProperties,
  RegalScheduledProperties,
  RegalSmsConversationProperties,
  RegalSmsProperties,
  RegalTaskProperties,
  RegalTranscriptProperties,
  RegalVoicemailProperties,
} from './event-properties.js';

/**
 * A Regal reporting event with a known name and `properties` type: the envelope of
 * {@link RegalEvent} (both its camelCase and snake_case forms) around them.
 *
 * @example
 * ```ts
 * type SmsSent = RegalEventOf<'sms.sent', RegalSmsProperties>;
 * ```
 */
export type RegalEventOf<Name extends string, Properties> = RegalEvent & {
  name: Name;
  properties: Properties;
};

/**
 * The `properties` type of each documented Regal event that has no schema of its own (all but
 * the four events of Braze's partner page and `contact.subscribed`).
 */
export interface RegalPropertiesByName {
  'agent.activity.updated': AgentActivityUpdatedProperties;
  'call.analysis.available': RegalTranscriptProperties;
  'call.placed': RegalCallProperties;
  'call.recording.available': RegalRecordingProperties;
  'call.transcript.available': RegalTranscriptProperties;
  'call.ivr.triggered': RegalCallProperties;
  'call.wrapup': RegalCallProperties;
  'cancel.all.automated.tasks': RegalTaskProperties;
  'contact.created': RegalContactProperties;
  'contact.email.created': RegalContactProperties;
  'contact.phone.created': RegalContactProperties;
  'contacted.after.hours': RegalTaskProperties;
  'custom.task.completed': RegalTaskProperties;
  'email.received': RegalEmailProperties;
  'email.sent': RegalEmailProperties;
  'email.conversation.completed': RegalEmailProperties;
  'mms.received': RegalSmsProperties;
  'mms.sent': RegalSmsProperties;
  'object.created': RegalObjectProperties;
  'object.attribute.edited': RegalObjectProperties;
  'scheduled.reminder.created': RegalScheduledProperties;
  'scheduled.callback.requested': RegalScheduledProperties;
  'sms.conversation.completed': RegalSmsConversationProperties;
  'sms.queued': RegalSmsProperties;
  'sms.received': RegalSmsProperties;
  'sms.sent': RegalSmsProperties;
  'sms.failed': RegalSmsProperties;
  'sms.undelivered': RegalSmsProperties;
  'task.canceled': RegalTaskProperties;
  'task.created': RegalTaskProperties;
  'task.reservation.accepted': RegalTaskProperties;
  'task.reservation.created': RegalTaskProperties;
  'voicemail.recording.available': RegalRecordingProperties;
  'voicemail.transcript.available': RegalTranscriptProperties;
  'voicemail.completed': RegalVoicemailProperties;
}

/** The events of {@link RegalPropertiesByName}, each in its envelope. */
export type RegalEventsWithoutSchema = {
  [N in keyof RegalPropertiesByName]: RegalEventOf<N, RegalPropertiesByName[N]>;
};

/**
 * The type of every documented Regal reporting event, by name: `RegalEventMap['sms.sent']` is
 * what Regal posts for a sent SMS. Types only; the four events of Braze's partner page also have schemas
 * ({@link callCompletedEventSchema}, …), the others are validated by {@link regalEventSchema}.
 *
 * @example
 * ```ts
 * function onWebhook<N extends keyof RegalEventMap>(event: RegalEventMap[N]) {
 *   if (event.name === 'sms.sent') console.log(event.properties.content);
 * }
 * ```
 */
export interface RegalEventMap extends RegalEventsWithoutSchema {
  'call.completed': CallCompletedEvent;
  'contact.attribute.edited': ContactAttributeEditedEvent;
  'contact.experiment.assigned': ContactExperimentAssignedEvent;
  'contact.subscribed': ContactSubscribedEvent;
  'contact.unsubscribed': ContactUnsubscribedEvent;
}
