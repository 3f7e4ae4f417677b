// One source of truth: with default options each flow renders Braze's published example body
// for Regal, and for a profile whose values need no escaping a rendered body is, byte for byte,
// what RegalClient sends for the same contact (captured at a mock Regal).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RegalClient, toBrazeWebhook, type BrazeWebhookFlow } from '../../src/index.js';
import { renderBraze, type BrazeProfile } from '../support/braze-liquid.js';
import { expectedInput } from '../support/braze-webhook-oracle.js';
import { recordPosts, useMsw } from '../support/msw.js';
import { OPTION_SETS } from '../support/braze-webhook-options.js';
import {
  PARTNER_CREATE_CONTACT,
  PARTNER_CUSTOM_EVENT,
  PARTNER_UPDATE_OPT_IN,
} from '../fixtures/braze-partner-bodies.js';
import { PARTNER_CREATE_CONTACT_INPUT } from '../support/regal-inputs.js';

const server = useMsw();
const URL = 'https://events.regalvoice.com/events';

/** Each placeholder, the Braze value the default mapping reads for it, and a value for the test. */
const PLACEHOLDERS: readonly [string, string, string | boolean][] = [
  ['<uniqueIdentifier>', '${user_id}', 'user-8841'],
  ['<phoneNumber>', '${phone_number}', '+17625555555'],
  ['<email>', '${email_address}', 'jane.doe@example.com'],
  ['<firstName>', '${first_name}', 'Jane'],
  ['<lastName>', '${last_name}', 'Doe'],
  ['<leadSource>', '{{canvas.${name}}}', 'Spring signup'],
  ['<custom1>', '{{custom_attribute.${custom1}}}', 'gold'],
  ['<custom2>', '{{custom_attribute.${custom2}}}', 'referral'],
  ['<custom3>', '{{custom_attribute.${custom3}}}', '2024'],
  ['<voice_optin_subscribed>', '{{custom_attribute.${voice_optin_subscribed}}}', false],
  ['<educationalLevel>', '{{canvas_entry_properties.${educationalLevel}}}', 'bachelor'],
  ['<preferredLocation>', '{{canvas_entry_properties.${preferredLocation}}}', 'Lyon'],
  ['<preferredSubject>', '{{canvas_entry_properties.${preferredSubject}}}', 'mathematics'],
];

/** The profile holding each placeholder's value where its Braze value reads it. */
const PROFILE: BrazeProfile = (() => {
  const profile: Record<string, Record<string, unknown>> = { attributes: {} };
  for (const [, liquid, value] of PLACEHOLDERS) {
    const namespaced = /^\{\{([a-z_]+)\.\$\{(\w+)\}\}\}$/.exec(liquid);
    if (namespaced === null) profile.attributes![/\$\{(\w+)\}/.exec(liquid)![1]!] = value;
    else (profile[namespaced[1]!] ??= {})[namespaced[2]!] = value;
  }
  return profile;
})();

/** Braze's body with its comment removed and each placeholder replaced by its value (booleans unquoted). */
function expectedWire(example: string): string {
  let text = example.replace(/\/\/[^\n]*/g, '');
  for (const [placeholder, , value] of PLACEHOLDERS)
    text = text.split(`"${placeholder}"`).join(JSON.stringify(value));
  expect(text).not.toMatch(/<\w+>/);
  return JSON.stringify(JSON.parse(text));
}

const regal = () =>
  new RegalClient({ apiKey: 'templates-test-key', maxRetries: 0, maxRequestsPerSecond: Infinity });

describe('default options: the bodies Braze publishes for Regal', () => {
  it.each([
    ['create-contact', PARTNER_CREATE_CONTACT],
    ['update-opt-in', PARTNER_UPDATE_OPT_IN],
    ['custom-event', PARTNER_CUSTOM_EVENT],
  ] as const)('%s', (flow, example) => {
    const { body } = toBrazeWebhook(flow);
    for (const [placeholder, liquid] of PLACEHOLDERS) {
      if (example.includes(`"${placeholder}"`)) expect(body, placeholder).toContain(liquid);
    }
    expect(JSON.stringify(JSON.parse(renderBraze(body, PROFILE)))).toBe(expectedWire(example));
  });

  it('the same body as RegalClient sends for the same contact', async () => {
    const requests = recordPosts(server, URL);
    await regal().createContact(PARTNER_CREATE_CONTACT_INPUT);
    const rendered = renderBraze(toBrazeWebhook('create-contact').body, PROFILE);
    expect(requests.map((request) => request.text)).toEqual([JSON.stringify(JSON.parse(rendered))]);
  });
});

// Values that need no escaping: no quote, backslash or control character.
const clean = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9 éüß中😀.,'!?-]{1,12}$/u),
  fc.constantFrom(undefined, ''),
  fc.integer(),
  fc.boolean(),
);
const cleanProfile: fc.Arbitrary<BrazeProfile> = fc.record({
  attributes: fc.record({
    user_id: fc.oneof(fc.stringMatching(/^[a-z0-9-]{1,12}$/), fc.constant(undefined)),
    first_name: clean,
    last_name: clean,
    phone_number: fc.constantFrom('+14155550123', '+33612345678', '+447911123456', undefined),
    email_address: fc.oneof(fc.emailAddress(), fc.constant(undefined)),
  }),
  custom_attribute: fc.record({
    plan: clean,
    seats: fc.oneof(fc.integer(), fc.constant(undefined)),
    vip: fc.oneof(fc.boolean(), fc.constant(undefined)),
    sms_opt_in: fc.boolean(),
    voice_opt_in: fc.constantFrom(true, false, 'subscribed', 'unsubscribed'),
    voice_optin_subscribed: fc.boolean(),
    email_opt_in: fc.boolean(),
    lead_source: clean,
    crm_id: fc.stringMatching(/^[a-z0-9]{1,8}$/),
  }),
  event_properties: fc.record({
    preferredSubject: clean,
    amount: fc.oneof(fc.integer(), fc.constant(undefined)),
    urgent: fc.boolean(),
  }),
  subscribed_state: fc.record({
    email_global: fc.constantFrom('opted_in', 'subscribed', 'unsubscribed'),
    sms_group: fc.constantFrom('subscribed', 'unsubscribed'),
  }),
  campaign: fc.record({ name: clean }),
  canvas: fc.record({ name: clean }),
});

const SEND: Record<BrazeWebhookFlow, (client: RegalClient, input: never) => Promise<unknown>> = {
  'create-contact': (client, input) => client.createContact(input),
  'update-opt-in': (client, input) => client.updateOptIn(input),
  'custom-event': (client, input) => client.trackEvent(input),
};

describe.each(
  OPTION_SETS.map(([flow, options], index) => [`${flow} #${index}`, flow, options] as const),
)('%s: a profile that needs no escaping', (_, flow, options) => {
  const { body } = toBrazeWebhook(flow, options);

  it('renders exactly the body RegalClient sends for the same contact', async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(cleanProfile, async (user) => {
        let rendered: string | undefined;
        try {
          rendered = renderBraze(body, user);
        } catch {
          // An aborted message; render.test.ts checks that RegalClient refuses the contact.
          return;
        }
        const now = /"timestamp": "([^"]+)"/.exec(rendered)?.[1] ?? '';
        const input = expectedInput(flow, options, user, now);
        expect(input).toBeDefined();
        const requests = recordPosts(server, URL);
        await SEND[flow](regal(), input as never);
        expect(requests.map((request) => request.text)).toEqual([
          JSON.stringify(JSON.parse(rendered)),
        ]);
        compared++;
      }),
      { numRuns: 80 },
    );
    expect(compared).toBeGreaterThan(15);
  });
});
