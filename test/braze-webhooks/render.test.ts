// Every template, rendered (liquidjs, Braze's syntax and filters as Braze documents them) for
// generated profiles full of quotes, backslashes, line breaks, control characters, emoji, blank
// and missing values: the body is valid JSON that RegalClient's validation accepts, and exactly
// what the documented rules give for that profile — or the message aborts where RegalClient
// would refuse the contact.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toBrazeWebhook, type BrazeWebhookFlow } from '../../src/index.js';
import { checkInput, toEventsBody } from '../../src/regal/validation/inputs.js';
import { BrazeAbort, renderBraze, rubyLiquidHazards, type BrazeProfile } from '../support/braze-liquid.js';
import { expectedInput, type FullOptions } from '../support/braze-webhook-oracle.js';

const METHOD = { 'create-contact': 'createContact', 'update-opt-in': 'updateOptIn', 'custom-event': 'trackEvent' } as const;

/** Option sets covering every kind of value, both trait formats and both contexts. */
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

const SPECIALS = ['"', '\\', '\n', '\r', '\t', '\u0000', '\u0001', '\u001f', '\u007f', ' ', '\u00a0', '\u2028', '\u3000', '\ufeff', '😀', 'é', '{{', '}}', '{%', ',', ':', '@', '.', 'a', '1', '+'];

const hostile = fc.oneof(
  fc.string({ unit: fc.constantFrom(...SPECIALS), maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
);

/** Present, missing, null, empty or blank; strings, numbers and booleans. */
const anyValue = fc.oneof(
  hostile,
  fc.constantFrom(undefined, null, '', ' ', '\n', '\t \u3000'),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constantFrom('42', '4.50', '1e21', 'NaN', 'Infinity', '-0', 'true', 'false', 'subscribed', 'unsubscribed', 'opted_in'),
);

const VALID_PHONES = ['+14155550123', '+33612345678', '+447911123456', '+5511912345678', '+2908999'];

const phone = fc.oneof(
  { weight: 4, arbitrary: fc
    .tuple(fc.constantFrom(...VALID_PHONES), fc.array(fc.constantFrom(' ', '-', '.', '(', ')'), { maxLength: 4 }), fc.nat())
    .map(([number, separators, seed]) => {
      let out = number;
      separators.forEach((separator, index) => {
        const at = 2 + ((seed + index * 3) % (out.length - 2));
        out = `${out.slice(0, at)}${separator}${out.slice(at)}`;
      });
      return out;
    }) },
  fc.constantFrom('4155550123', '+1 415 CALL NOW', 'phone', '+', '++14155550123', '+1\n415 555 0123', undefined, '', ' '),
);

const email = fc.oneof(
  { weight: 3, arbitrary: fc.emailAddress() },
  fc.tuple(hostile, hostile, hostile).map(([local, domain, tld]) => `${local}@${domain}.${tld}`),
  hostile,
  fc.constantFrom(undefined, '', 'jo@example', 'jo@@example.com', 'jo@.example.com', 'jo\\@example.com', 'jo@exa mple.com'),
);

/** Mostly what an opt-in attribute holds, sometimes anything. */
const subscription = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(true, false, 'true', 'false', 'subscribed', 'unsubscribed', 'opted_in') },
  anyValue,
);

const record = (keys: readonly string[]) =>
  fc.record(
    Object.fromEntries(keys.map((key) => [key, /opt_?in|subscribed|global|group/.test(key) ? subscription : anyValue])),
    { requiredKeys: [] },
  ) as fc.Arbitrary<Record<string, unknown>>;

const profile: fc.Arbitrary<BrazeProfile> = fc.record({
  attributes: fc.record(
    { user_id: anyValue, first_name: anyValue, last_name: anyValue, phone_number: phone, email_address: email },
    { requiredKeys: [] },
  ),
  custom_attribute: record(['plan', 'seats', 'vip', 'sms_opt_in', 'voice_opt_in', 'voice_optin_subscribed', 'email_opt_in', 'lead_source', 'crm_id']),
  event_properties: record(['preferredSubject', 'amount', 'urgent']),
  subscribed_state: record(['email_global', 'sms_group']),
  campaign: record(['name']),
  canvas: record(['name']),
});

const NOW = /"timestamp": "(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0000)"/;

describe.each(OPTION_SETS.map(([flow, options], index) => [`${flow} #${index}`, flow, options] as const))(
  '%s',
  (_, flow, options) => {
    const { body } = toBrazeWebhook(flow, options);

    it('uses only what Braze documents, read the same by Ruby Liquid', () => {
      expect(rubyLiquidHazards(body)).toEqual([]);
    });

    it('renders valid JSON that RegalClient accepts and that the rules predict, or aborts where RegalClient would refuse', () => {
      let bodies = 0;
      fc.assert(
        fc.property(profile, (user) => {
          let rendered: string | undefined;
          try {
            rendered = renderBraze(body, user);
          } catch (error) {
            if (!(error instanceof BrazeAbort)) throw error;
          }
          const now = rendered?.match(NOW)?.[1] ?? '2024-05-01T12:00:00+0000';
          const expected = expectedInput(flow, options, user, now);
          if (expected === undefined) {
            expect(rendered, 'the message should have aborted').toBeUndefined();
            return;
          }
          expect(rendered, 'the message aborted').toBeDefined();
          bodies++;
          const parsed = JSON.parse(rendered!) as Record<string, unknown>;
          const { eventSource, ...input } = parsed;
          expect(eventSource).toBe('braze');
          expect(() => checkInput(METHOD[flow], input, undefined)).not.toThrow();
          const wire = toEventsBody(METHOD[flow], expected, undefined, 'braze').body;
          expect(JSON.stringify(parsed)).toBe(JSON.stringify(wire));
        }),
        { numRuns: 300 },
      );
      // Enough profiles make it to a body for the property to mean something.
      expect(bodies).toBeGreaterThan(60);
    });
  },
);
