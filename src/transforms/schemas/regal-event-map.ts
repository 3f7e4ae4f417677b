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
 * The type of every documented Regal reporting event, by name: `RegalEventMap['sms.sent']` is
 * what Regal posts for a sent SMS. Types only; the four seed events also have schemas
 * ({@link callCompletedEventSchema}, …), the others are validated by {@link regalEventSchema}.
 *
 * @example
 * ```ts
 * function onWebhook<N extends keyof RegalEventMap>(event: RegalEventMap[N]) {
 *   if (event.name === 'sms.sent') console.log(event.properties.content);
 * }
 * ```
 */
export interface RegalEventMap {
  'agent.activity.updated': RegalEventOf<'agent.activity.updated', AgentActivityUpdatedProperties>;
  'call.analysis.available': RegalEventOf<'call.analysis.available', RegalTranscriptProperties>;
  'call.completed': CallCompletedEvent;
  'call.placed': RegalEventOf<'call.placed', RegalCallProperties>;
  'call.recording.available': RegalEventOf<'call.recording.available', RegalRecordingProperties>;
  'call.transcript.available': RegalEventOf<'call.transcript.available', RegalTranscriptProperties>;
  'call.ivr.triggered': RegalEventOf<'call.ivr.triggered', RegalCallProperties>;
  'call.wrapup': RegalEventOf<'call.wrapup', RegalCallProperties>;
  'cancel.all.automated.tasks': RegalEventOf<'cancel.all.automated.tasks', RegalTaskProperties>;
  'contact.attribute.edited': ContactAttributeEditedEvent;
  'contact.created': RegalEventOf<'contact.created', RegalContactProperties>;
  'contact.email.created': RegalEventOf<'contact.email.created', RegalContactProperties>;
  'contact.experiment.assigned': ContactExperimentAssignedEvent;
  'contact.phone.created': RegalEventOf<'contact.phone.created', RegalContactProperties>;
  'contact.subscribed': ContactSubscribedEvent;
  'contact.unsubscribed': ContactUnsubscribedEvent;
  'contacted.after.hours': RegalEventOf<'contacted.after.hours', RegalTaskProperties>;
  'custom.task.completed': RegalEventOf<'custom.task.completed', RegalTaskProperties>;
  'email.received': RegalEventOf<'email.received', RegalEmailProperties>;
  'email.sent': RegalEventOf<'email.sent', RegalEmailProperties>;
  'email.conversation.completed': RegalEventOf<
    'email.conversation.completed',
    RegalEmailProperties
  >;
  'mms.received': RegalEventOf<'mms.received', RegalSmsProperties>;
  'mms.sent': RegalEventOf<'mms.sent', RegalSmsProperties>;
  'object.created': RegalEventOf<'object.created', RegalObjectProperties>;
  'object.attribute.edited': RegalEventOf<'object.attribute.edited', RegalObjectProperties>;
  'scheduled.reminder.created': RegalEventOf<
    'scheduled.reminder.created',
    RegalScheduledProperties
  >;
  'scheduled.callback.requested': RegalEventOf<
    'scheduled.callback.requested',
    RegalScheduledProperties
  >;
  'sms.conversation.completed': RegalEventOf<
    'sms.conversation.completed',
    RegalSmsConversationProperties
  >;
  'sms.queued': RegalEventOf<'sms.queued', RegalSmsProperties>;
  'sms.received': RegalEventOf<'sms.received', RegalSmsProperties>;
  'sms.sent': RegalEventOf<'sms.sent', RegalSmsProperties>;
  'sms.failed': RegalEventOf<'sms.failed', RegalSmsProperties>;
  'sms.undelivered': RegalEventOf<'sms.undelivered', RegalSmsProperties>;
  'task.canceled': RegalEventOf<'task.canceled', RegalTaskProperties>;
  'task.created': RegalEventOf<'task.created', RegalTaskProperties>;
  'task.reservation.accepted': RegalEventOf<'task.reservation.accepted', RegalTaskProperties>;
  'task.reservation.created': RegalEventOf<'task.reservation.created', RegalTaskProperties>;
  'voicemail.recording.available': RegalEventOf<
    'voicemail.recording.available',
    RegalRecordingProperties
  >;
  'voicemail.transcript.available': RegalEventOf<
    'voicemail.transcript.available',
    RegalTranscriptProperties
  >;
  'voicemail.completed': RegalEventOf<'voicemail.completed', RegalVoicemailProperties>;
}
