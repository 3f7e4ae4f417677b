// fast-check arbitraries for Regal reporting events: valid ones of every kind the transforms
// map, hostile attribute names, and garbage. Shared by the property and equivalence tests.
import fc from 'fast-check';
import {
  brazeKey,
  CONTACTLESS_EVENT_NAMES,
  REGAL_EVENT_NAMES,
  RESERVED_ATTRIBUTE_KEYS,
  RESERVED_EVENT_PROPERTY_KEYS,
  type TransformOptions,
} from '../../src/transforms/index.js';

/** Attribute and property names an agent (or an attacker) might choose. */
export const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'external_id',
  'user_alias',
  'braze_id',
  'email',
  'phone',
  '_update_existing_only',
  'subscription_groups',
  'push_tokens',
  'email_subscribe',
  'time',
  'event_name',
  '$score',
  'plan.tier',
  '',
  'name',
  'properties',
  'toString',
  'hasOwnProperty',
];

/** Builds an object with own keys, `__proto__` included, as JSON.parse would. */
export function objectFrom(entries: [string, unknown][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    Object.defineProperty(out, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

const DEDICATED = new Set([
  'call.completed',
  'contact.attribute.edited',
  'contact.experiment.assigned',
  'contact.subscribed',
  'contact.unsubscribed',
]);

/** The Regal events mapped by the generic path (every documented one but the dedicated and contactless). */
export const GENERIC_EVENT_NAMES = REGAL_EVENT_NAMES.filter(
  (name) => !DEDICATED.has(name) && !(CONTACTLESS_EVENT_NAMES as readonly string[]).includes(name),
);

const FROM_2000 = 946_684_800;
const TO_2100 = 4_102_444_800;

export const e164Phone = fc
  .tuple(fc.constantFrom('+1', '+44', '+33', '+49', '+61'), fc.stringMatching(/^[2-9]\d{9}$/))
  .map(([country, number]) => country + number);

export const email = fc
  .tuple(
    fc.stringMatching(/^[a-z][a-z0-9._-]{0,15}$/),
    fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/),
    fc.constantFrom('com', 'io', 'co.uk'),
  )
  .map(([local, domain, tld]) => `${local}@${domain}.${tld}`);

export const userId = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9_-]{1,36}$/),
  fc.integer({ min: 1, max: 2 ** 40 }),
);

/** A Regal time in every accepted form: Unix seconds (string or number), milliseconds, ISO text. */
export const regalTime = fc
  .integer({ min: FROM_2000, max: TO_2100 })
  .chain((seconds) =>
    fc.constantFrom(
      String(seconds),
      seconds,
      seconds * 1000 + 123,
      new Date(seconds * 1000).toISOString(),
    ),
  );

const shortText = fc.string({ maxLength: 40 });
const anyText = fc.oneof(shortText, fc.string({ minLength: 250, maxLength: 300 }));

/** A JSON value such as Regal puts in properties: strings (some over 255), numbers, nested data. */
export const jsonValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    anyText,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A key: mostly ordinary, sometimes hostile. */
export const key = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[a-z][a-z0-9_]{0,19}$/) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_KEYS) },
);

/** True when no two keys become the same Braze key (else the transform refuses the event). */
export function distinctBrazeKeys(keys: string[], reserved: ReadonlySet<string>): boolean {
  return new Set(keys.map((k) => brazeKey(k, reserved))).size === keys.length;
}

function propertiesOf(reserved: ReadonlySet<string>): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .uniqueArray(fc.tuple(key, jsonValue), { maxLength: 8, selector: ([k]) => k })
    .filter((entries) =>
      distinctBrazeKeys(
        entries.map(([k]) => k),
        reserved,
      ),
    )
    .map((entries) => objectFrom(entries));
}

/** The contact part of an envelope: always a valid phone, sometimes a userId and an email. */
const contact = fc.record(
  {
    userId: fc.option(userId, { nil: undefined }),
    phone: e164Phone,
    email: fc.option(email, { nil: undefined }),
  },
  { requiredKeys: ['phone'] },
);

/** A valid envelope around `name` and `properties`; sometimes Regal's snake_case variant. */
function envelope(name: string, properties: fc.Arbitrary<Record<string, unknown>>) {
  return fc
    .record({ contact, properties, time: regalTime, eventId: fc.uuid(), variant: fc.boolean() })
    .map(({ contact: c, properties: props, time, eventId, variant }) => {
      if (variant) {
        const event: Record<string, unknown> = {
          event_id: eventId,
          original_timestamp: time,
          contact_phone: c.phone,
          source: 'Regal Voice',
          brand: 'yourbrand',
          name,
          properties: props,
        };
        if (c.userId !== undefined) event.external_id = c.userId;
        if (c.email !== undefined) event.contact_email = c.email;
        return event;
      }
      const traits: Record<string, unknown> = { phone: c.phone };
      if (c.email !== undefined) traits.email = c.email;
      const event: Record<string, unknown> = {
        traits,
        name,
        properties: props,
        originalTimestamp: time,
        eventSource: 'Regal Voice',
        eventId,
      };
      if (c.userId !== undefined) event.userId = c.userId;
      return event;
    });
}

const nullable = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });
const stringOrNumber = fc.oneof(fc.integer({ min: 0 }), fc.integer({ min: 0 }).map(String));

export const callCompletedEvent = envelope(
  'call.completed',
  fc
    .tuple(
      fc.record(
        {
          agent_firstname: nullable(shortText),
          agent_fullname: nullable(shortText),
          agent_email: nullable(email),
          direction: fc.constantFrom('INBOUND', 'OUTBOUND'),
          contact_phone: e164Phone,
          call_id: shortText,
          disposition: nullable(anyText),
          notes: nullable(anyText),
          objections: nullable(fc.array(shortText, { maxLength: 3 })),
          campaign_friendly_id: nullable(stringOrNumber),
          started_at: fc.integer({ min: FROM_2000, max: TO_2100 }),
          talk_time: fc.nat(),
          journey_uuid: nullable(fc.uuid()),
        },
        { requiredKeys: [] },
      ),
      propertiesOf(RESERVED_EVENT_PROPERTY_KEYS),
    )
    .map(([known, extra]) => ({ ...extra, ...known })),
);

export const contactExperimentAssignedEvent = envelope(
  'contact.experiment.assigned',
  fc.record(
    {
      experiment_name: shortText,
      experiment_id: stringOrNumber,
      experiment_variant: nullable(shortText),
      journey_uuid: nullable(fc.uuid()),
      journey_friendly_id: nullable(fc.nat()),
      journey_name: nullable(shortText),
    },
    { requiredKeys: [] },
  ),
);

const attributeChange = fc.record({ old_value: jsonValue, new_value: jsonValue });

export const contactAttributeEditedEvent = envelope(
  'contact.attribute.edited',
  fc
    .record({
      custom: fc
        .uniqueArray(fc.tuple(key, attributeChange), { maxLength: 6, selector: ([k]) => k })
        .filter((entries) =>
          distinctBrazeKeys(
            entries.map(([k]) => k),
            RESERVED_ATTRIBUTE_KEYS,
          ),
        ),
      firstName: fc.option(
        fc.record({ old_value: nullable(shortText), new_value: nullable(shortText) }),
        { nil: undefined },
      ),
    })
    .map(({ custom, firstName }) => {
      const changes: Record<string, unknown> = { custom_properties: objectFrom(custom) };
      if (firstName !== undefined) changes.first_name = firstName;
      return { agent_email: 'agent@yourbrand.com', changes };
    }),
);

const subscriptionProperties = fc.record(
  {
    channel: fc.constantFrom('voice', 'sms', 'email'),
    new_subscription: fc.boolean(),
    text: nullable(anyText),
    ip: fc.ipV4(),
    source: fc.constantFrom('Brand.web_form', 'Regal.agent_desktop'),
    timestamp: fc.integer({ min: FROM_2000, max: TO_2100 }).map(String),
  },
  { requiredKeys: ['channel'] },
);

export const contactSubscribedEvent = envelope('contact.subscribed', subscriptionProperties);
export const contactUnsubscribedEvent = envelope('contact.unsubscribed', subscriptionProperties);

export const genericEvent = fc
  .constantFrom(...GENERIC_EVENT_NAMES)
  .chain((name) => envelope(name, propertiesOf(RESERVED_EVENT_PROPERTY_KEYS)));

/** Valid events, by the name of what they exercise. */
export const validEvents = {
  'call.completed': callCompletedEvent,
  'contact.attribute.edited': contactAttributeEditedEvent,
  'contact.experiment.assigned': contactExperimentAssignedEvent,
  'contact.subscribed': contactSubscribedEvent,
  'contact.unsubscribed': contactUnsubscribedEvent,
  generic: genericEvent,
} as const;

/** Any valid event of any kind. */
export const anyValidEvent = fc.oneof(...Object.values(validEvents));

/** Options under which every generated valid event maps (all channels have a group). */
export const optionsForValidEvents: TransformOptions = {
  subscriptionGroups: { voice: 'group-voice', sms: 'group-sms', email: 'group-email' },
};

/** Non-default options: another identifier order, renamed events, nulls kept, a flag forced. */
export const nonDefaultOptions = fc
  .record({
    identifiers: fc.constantFrom(
      ['phone_alias'] as const,
      ['phone', 'email'] as const,
      ['email', 'external_id', 'phone'] as const,
      ['external_id', 'phone_alias'] as const,
    ),
    phoneAliasLabel: fc.constantFrom('phone', 'regal_phone'),
    eventNames: fc.constant({ 'call.completed': 'Regal Call Completed', 'sms.sent': 'Text Sent' }),
    subscriptionGroups: fc.constant({ voice: 'g-voice', sms: 'g-sms', email: 'g-email' }),
    keepNulls: fc.boolean(),
    updateExistingOnly: fc.option(fc.boolean(), { nil: undefined }),
  })
  .map((options) => {
    const out: TransformOptions = { ...options };
    if (options.updateExistingOnly === undefined) delete out.updateExistingOnly;
    return out;
  });

/** Garbage: any value at all, or a valid event with one part replaced by anything. */
export const garbage: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything(),
  fc
    .tuple(
      anyValidEvent,
      fc.constantFrom(
        'name',
        'userId',
        'traits',
        'properties',
        'originalTimestamp',
        'original_timestamp',
      ),
      fc.anything(),
    )
    .map(([event, field, value]) => ({ ...event, [field]: value })),
  fc
    .tuple(anyValidEvent, fc.string({ maxLength: 12 }), fc.anything())
    .map(([event, field, value]) => ({
      ...event,
      properties: objectFrom([
        ...Object.entries((event.properties as Record<string, unknown>) ?? {}),
        [field, value],
      ]),
    })),
);
