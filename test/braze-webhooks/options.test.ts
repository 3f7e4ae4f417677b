// Bad options: one ValidationError naming each problem, RegalClient's own rules included.
import { describe, expect, it } from 'vitest';
import { toBrazeWebhook, ValidationError, type BrazeWebhookFlow } from '../../src/index.js';

function message(flow: unknown, options?: unknown): string {
  try {
    toBrazeWebhook(flow as BrazeWebhookFlow, options as never);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as Error).message;
  }
  throw new Error('no error');
}

const PREFIX = 'Invalid toBrazeWebhook options: ';

describe('toBrazeWebhook options', () => {
  it.each([
    ['create-contacts', {}, 'flow: must be "create-contact", "update-opt-in" or "custom-event"'],
    [
      'create-contact',
      { phone: null, email: null },
      'optIns[0].channel: a voice opt-in applies to traits.phone, which is missing; optIns[1].channel: an sms opt-in applies to traits.phone, which is missing; traits: a contact needs a phone or an email (traits.phone, traits.email, traits.phones or traits.emails)',
    ],
    [
      'create-contact',
      {
        traits: {
          phone: 'custom_attribute.x',
          '': 'first_name',
          plan: 'custom_attribute.plan:date',
        },
      },
      'traits[""]: a custom trait needs a non-empty name; traits.plan: has the type "date": use string, number or boolean; traits.phone: is a trait RegalClient reads itself: use the phone option',
    ],
    [
      'update-opt-in',
      { optIns: [] },
      'traits: an opt-in update needs at least one opt-in: traits.optIn, or voiceOptIn / smsOptIn in traits.phones, or emailOptIn in traits.emails',
    ],
    [
      'update-opt-in',
      { format: 'current', phone: null, optIns: [{ channel: 'sms', subscribed: true }] },
      'optIns[0].channel: an sms opt-in applies to the phone, which is left out',
    ],
    ['custom-event', { eventName: ' ' }, 'eventName: must not be empty'],
    [
      'custom-event',
      { userId: null, phone: null },
      'a custom event needs an identifier: userId, or a phone or email in traits',
    ],
    [
      'create-contact',
      { eventName: 'x', eventSource: '' },
      'eventSource: must be a non-empty string; eventName: is for the custom-event flow only',
    ],
    [
      'create-contact',
      { userId: 'phone' },
      'userId: "phone" is not a Braze standard attribute (a custom attribute is custom_attribute.phone); expected a Braze standard attribute (first_name, phone_number, …), custom_attribute.NAME, canvas_entry_properties.NAME, event_properties.NAME, subscribed_state.NAME, campaign.FIELD, canvas.FIELD, or campaign / canvas (their names)',
    ],
    [
      'create-contact',
      { source: 'custom_attribute.a}b' },
      'source: custom_attribute.NAME: the name must be non-empty, without leading or trailing spaces, and without { } % \' " | : \\ or control characters',
    ],
    [
      'create-contact',
      { traits: JSON.parse('{"__proto__": "first_name"}') as object },
      'traits.__proto__: cannot be a name: it would set the prototype of the body',
    ],
    [
      'create-contact',
      { campaign: 'x' },
      'campaign: unknown key (expected context, format, userId, phone, email, firstName, lastName, traits, optIns, source, timestamp, eventName, properties, eventSource)',
    ],
    [
      'create-contact',
      { optIns: [{ channel: 'fax', subscribed: true }] },
      'optIns[0].channel: must be "voice", "sms" or "email"',
    ],
    [
      'create-contact',
      { firstName: 'first_name:number' },
      'firstName: is sent as a string: leave out ":number"',
    ],
  ])('%s %j', (flow, options, expected) => {
    expect(message(flow, options)).toBe(`${PREFIX}${expected}`);
  });

  it('a fixed text or constant never reaches Liquid as Liquid', () => {
    const { body } = toBrazeWebhook('custom-event', {
      eventName: 'Step {{1}} {% done %}',
      properties: { note: { value: '{{ custom_attribute.${secret} }}' } },
    });
    expect(body).toContain('"name": "Step \\u007b\\u007b1\\u007d\\u007d \\u007b% done %\\u007d"');
    expect(body).toContain(
      '"note": "\\u007b\\u007b custom_attribute.\\u0024\\u007bsecret\\u007d \\u007d\\u007d"',
    );
  });

  it('never a real key in the headers', () => {
    const webhook = toBrazeWebhook('create-contact');
    expect({ ...webhook, body: undefined }).toEqual({
      url: 'https://events.regalvoice.com/events',
      method: 'POST',
      headers: { Authorization: '<REGAL_API_KEY>', 'Content-Type': 'application/json' },
      body: undefined,
    });
  });
});
