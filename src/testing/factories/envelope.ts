import type { RegalEventName } from '../../transforms/index.js';
import type { World } from './world.js';

/**
 * Which envelope a factory event has: `'standard'` (`userId`, `traits`, `originalTimestamp`,
 * `eventSource`, `eventId`) or `'variant'`, the snake_case form Regal uses for a few events
 * (`event_id`, `original_timestamp`, `external_id`, `contact_phone`, `contact_email`, `source`…).
 */
export type RegalEnvelopeKind = 'standard' | 'variant';

/** Events Regal sends in the snake_case envelope. */
const VARIANT_EVENTS: ReadonlySet<string> = new Set([
  'call.analysis.available',
  'call.ivr.triggered',
  'email.conversation.completed',
  'voicemail.completed',
]);

const ENTITY_TYPES: Readonly<Record<string, string>> = {
  call: 'call',
  email: 'email',
  voicemail: 'voicemail',
};

/** The envelope Regal uses for `name`. */
export function defaultEnvelope(name: RegalEventName): RegalEnvelopeKind {
  return VARIANT_EVENTS.has(name) ? 'variant' : 'standard';
}

/** Which contact fields an event carries: none (agent events), phone only, or all. */
function contactFields(name: RegalEventName): 'none' | 'phone' | 'all' {
  if (name === 'agent.activity.updated') return 'none';
  if (name === 'contact.phone.created') return 'phone';
  return 'all';
}

/** Wraps `properties` in the envelope of `kind`, with the keys in the order Regal sends them. */
export function envelope(
  name: RegalEventName,
  properties: Record<string, unknown>,
  kind: RegalEnvelopeKind,
  world: World,
  eventId: string,
  at: number,
): Record<string, unknown> {
  const { contact } = world;
  const fields = contactFields(name);
  if (kind === 'variant') {
    const event: Record<string, unknown> = {
      event_id: eventId,
      original_timestamp: String(at),
    };
    if (fields === 'all') event.external_id = contact.userId;
    if (fields !== 'none') event.contact_phone = contact.phone;
    if (fields === 'all') event.contact_email = contact.email;
    event.source = 'Regal Voice';
    event.brand = 'yourbrand';
    if (fields !== 'none') event.profile_id = contact.profileId;
    event.entity_type = ENTITY_TYPES[name.slice(0, name.indexOf('.'))] ?? 'contact';
    event.event_type = name;
    event.name = name;
    event.properties = properties;
    return event;
  }
  const event: Record<string, unknown> = {};
  if (fields === 'all') event.userId = contact.userId;
  const traits: Record<string, unknown> = {};
  if (fields !== 'none') traits.phone = contact.phone;
  if (fields === 'all') traits.email = contact.email;
  if (name === 'contact.subscribed' || name === 'contact.unsubscribed') traits.ip = contact.ip;
  event.traits = traits;
  event.name = name;
  event.properties = properties;
  event.originalTimestamp = String(at);
  event.eventSource = 'Regal Voice';
  event.eventId = eventId;
  return event;
}
