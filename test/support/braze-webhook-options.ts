// Option sets the template tests render: every kind of value, both trait formats, both contexts.
import fc from 'fast-check';
import type { BrazeWebhookFlow } from '../../src/index.js';
import type { BrazeProfile } from './braze-liquid.js';
import type { FullOptions } from './braze-webhook-oracle.js';

export const OPTION_SETS: readonly [BrazeWebhookFlow, FullOptions][] = [
  [
    'create-contact',
    {
      userId: 'user_id',
      phone: 'phone_number',
      email: 'email_address',
      firstName: 'first_name',
      lastName: 'last_name',
      traits: {
        plan: 'custom_attribute.plan',
        seats: 'custom_attribute.seats:number',
        vip: 'custom_attribute.vip:boolean',
        brand: { value: 'Acme "Inc" {{x}}' },
        tier: 2,
      },
      optIns: [
        { channel: 'voice', subscribed: true },
        { channel: 'sms', subscribed: 'custom_attribute.sms_opt_in' },
        { channel: 'email', subscribed: 'subscribed_state.email_global' },
      ],
      source: 'custom_attribute.lead_source',
      timestamp: true,
    },
  ],
  [
    'create-contact',
    {
      userId: 'custom_attribute.crm_id',
      phone: 'phone_number',
      email: 'email_address',
      firstName: 'first_name',
      lastName: null,
      traits: { plan: 'custom_attribute.plan' },
      optIns: [
        { channel: 'voice', subscribed: 'custom_attribute.voice_opt_in' },
        { channel: 'sms', subscribed: false },
        { channel: 'email', subscribed: 'custom_attribute.email_opt_in:boolean' },
      ],
      source: { value: 'signup form' },
      timestamp: true,
      format: 'current',
    },
  ],
  [
    'update-opt-in',
    {
      userId: 'user_id',
      phone: 'phone_number',
      email: null,
      firstName: null,
      lastName: null,
      traits: {},
      optIns: [
        { channel: 'voice', subscribed: 'custom_attribute.voice_optin_subscribed' },
        { channel: 'sms', subscribed: 'custom_attribute.sms_opt_in' },
      ],
      source: 'canvas',
    },
  ],
  [
    'update-opt-in',
    {
      userId: null,
      phone: 'phone_number',
      email: 'email_address',
      firstName: null,
      lastName: null,
      traits: {},
      optIns: [
        { channel: 'sms', subscribed: 'subscribed_state.sms_group' },
        { channel: 'email', subscribed: 'subscribed_state.email_global' },
      ],
      source: null,
      timestamp: true,
      format: 'current',
    },
  ],
  [
    'custom-event',
    {
      userId: 'user_id',
      phone: 'phone_number',
      email: 'email_address',
      firstName: 'first_name',
      lastName: 'last_name',
      traits: { plan: 'custom_attribute.plan', seats: 'custom_attribute.seats:number' },
      optIns: [],
      source: null,
      eventName: 'Quote {Requested} "now"',
      properties: {
        preferredSubject: 'event_properties.preferredSubject',
        amount: 'event_properties.amount:number',
        urgent: 'event_properties.urgent:boolean',
        campaign: 'campaign',
        readytoCommit: true,
      },
      context: 'campaign',
    },
  ],
];

const SPECIALS = [
  '"',
  '\\',
  '\n',
  '\r',
  '\t',
  '\u0000',
  '\u0001',
  '\u001f',
  '\u007f',
  ' ',
  '\u00a0',
  '\u2028',
  '\u3000',
  '\ufeff',
  '😀',
  'é',
  '{{',
  '}}',
  '{%',
  ',',
  ':',
  '@',
  '.',
  'a',
  '1',
  '+',
];

const hostile = fc.oneof(
  fc.string({ unit: fc.constantFrom(...SPECIALS), maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
);

/** Present, missing, null, empty or blank; strings, numbers (floats when `floats`) and booleans. */
const anyValue = (floats: boolean) =>
  fc.oneof(
    hostile,
    fc.constantFrom(undefined, null, '', ' ', '\n', '\t \u3000'),
    fc.integer(),
    floats ? fc.double() : fc.integer({ min: -1000, max: 1000 }),
    fc.boolean(),
    fc.constantFrom(
      '42',
      '4.50',
      '1e21',
      'NaN',
      'Infinity',
      '-0',
      'true',
      'false',
      'subscribed',
      'unsubscribed',
      'opted_in',
    ),
  );

const VALID_PHONES = [
  '+14155550123',
  '+33612345678',
  '+447911123456',
  '+5511912345678',
  '+2908999',
];

const phone = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        fc.constantFrom(...VALID_PHONES),
        fc.array(fc.constantFrom(' ', '-', '.', '(', ')'), { maxLength: 4 }),
        fc.nat(),
      )
      .map(([number, separators, seed]) => {
        let out = number;
        separators.forEach((separator, index) => {
          const at = 2 + ((seed + index * 3) % (out.length - 2));
          out = `${out.slice(0, at)}${separator}${out.slice(at)}`;
        });
        return out;
      }),
  },
  fc.constantFrom(
    '4155550123',
    '+1 415 CALL NOW',
    'phone',
    '+',
    '++14155550123',
    '+1\n415 555 0123',
    undefined,
    '',
    ' ',
  ),
);

const email = fc.oneof(
  { weight: 3, arbitrary: fc.emailAddress() },
  fc.tuple(hostile, hostile, hostile).map(([local, domain, tld]) => `${local}@${domain}.${tld}`),
  hostile,
  fc.constantFrom(
    undefined,
    '',
    'jo@example',
    'jo@@example.com',
    'jo@.example.com',
    'jo\\@example.com',
    'jo@exa mple.com',
  ),
);

/** Mostly what an opt-in attribute holds, sometimes anything. */
const subscription = (floats: boolean) =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom(
        true,
        false,
        'true',
        'false',
        'subscribed',
        'unsubscribed',
        'opted_in',
      ),
    },
    anyValue(floats),
  );

/**
 * Profiles for the option sets: hostile strings (quotes, backslashes, line breaks, control
 * characters, emoji, spaces of every kind), missing, null, empty and blank values, numbers and
 * booleans; phones and emails valid or not. `floats: false` for engines that print floats
 * differently (Ruby writes 1e20 as 1.0e+20).
 */
export function profiles({ floats = true } = {}): fc.Arbitrary<BrazeProfile> {
  const record = (keys: readonly string[]) =>
    fc.record(
      Object.fromEntries(
        keys.map((key) => [
          key,
          /opt_?in|subscribed|global|group/.test(key) ? subscription(floats) : anyValue(floats),
        ]),
      ),
      { requiredKeys: [] },
    ) as fc.Arbitrary<Record<string, unknown>>;
  return fc.record({
    attributes: fc.record(
      {
        user_id: anyValue(floats),
        first_name: anyValue(floats),
        last_name: anyValue(floats),
        phone_number: phone,
        email_address: email,
      },
      { requiredKeys: [] },
    ),
    custom_attribute: record([
      'plan',
      'seats',
      'vip',
      'sms_opt_in',
      'voice_opt_in',
      'voice_optin_subscribed',
      'email_opt_in',
      'lead_source',
      'crm_id',
    ]),
    event_properties: record(['preferredSubject', 'amount', 'urgent']),
    subscribed_state: record(['email_global', 'sms_group']),
    campaign: record(['name']),
    canvas: record(['name']),
  });
}
