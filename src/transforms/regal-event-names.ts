/**
 * The names of Regal's reporting-webhook events, as documented by Regal.
 * {@link transformRegalEvent} also accepts names not listed here (Regal adds events over time).
 */
export const REGAL_EVENT_NAMES = [
  'agent.activity.updated',
  'call.analysis.available',
  'call.completed',
  'call.placed',
  'call.recording.available',
  'call.transcript.available',
  'call.ivr.triggered',
  'call.wrapup',
  'cancel.all.automated.tasks',
  'contact.attribute.edited',
  'contact.created',
  'contact.email.created',
  'contact.experiment.assigned',
  'contact.phone.created',
  'contact.subscribed',
  'contact.unsubscribed',
  'contacted.after.hours',
  'custom.task.completed',
  'email.received',
  'email.sent',
  'email.conversation.completed',
  'mms.received',
  'mms.sent',
  'object.created',
  'object.attribute.edited',
  'scheduled.reminder.created',
  'scheduled.callback.requested',
  'sms.conversation.completed',
  'sms.queued',
  'sms.received',
  'sms.sent',
  'sms.failed',
  'sms.undelivered',
  'task.canceled',
  'task.created',
  'task.reservation.accepted',
  'task.reservation.created',
  'voicemail.recording.available',
  'voicemail.transcript.available',
  'voicemail.completed',
] as const;

/** One of Regal's documented reporting-webhook event names. */
export type RegalEventName = (typeof REGAL_EVENT_NAMES)[number];

/** Regal events that concern no contact: {@link transformRegalEvent} returns `undefined` for them. */
export const CONTACTLESS_EVENT_NAMES: readonly RegalEventName[] = ['agent.activity.updated'];
