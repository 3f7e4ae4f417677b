// The three request bodies of Braze's partner page for Regal, byte for byte: the JSON
// RegalClient sends for the same data is exactly the page's, key order included.
import { describe, expect, it } from 'vitest';
import { RegalClient } from '../../src/index.js';
import { recordPosts, useMsw } from '../support/msw.js';
import {
  PARTNER_CREATE_CONTACT,
  PARTNER_CUSTOM_EVENT,
  PARTNER_UPDATE_OPT_IN,
} from '../fixtures/braze-partner-bodies.js';
import {
  PARTNER_CREATE_CONTACT_INPUT,
  PARTNER_CUSTOM_EVENT_INPUT,
} from '../support/regal-inputs.js';

const server = useMsw();
const URL = 'https://events.regalvoice.com/events';

/** Real values for the page's `<placeholders>` (JSON literals, quotes included). */
const VALUES: Record<string, string> = {
  '"<uniqueIdentifier>"': '"user-8841"',
  '"<phoneNumber>"': '"+17625555555"',
  '"<email>"': '"jane.doe@example.com"',
  '"<firstName>"': '"Jane"',
  '"<lastName>"': '"Doe"',
  '"<leadSource>"': '"Spring signup"',
  '"<custom1>"': '"gold"',
  '"<custom2>"': '"referral"',
  '"<custom3>"': '"2024"',
  '"<voice_optin_subscribed>"': 'false',
  '"<educationalLevel>"': '"bachelor"',
  '"<preferredLocation>"': '"Lyon"',
  '"<preferredSubject>"': '"mathematics"',
};

/** A partner-page body with its comment removed and real values in place: the expected wire text. */
function expectedWire(example: string): string {
  let text = example.replace(/\/\/[^\n]*/g, '');
  for (const [placeholder, value] of Object.entries(VALUES))
    text = text.split(placeholder).join(value);
  expect(text).not.toMatch(/<\w+>/);
  return JSON.stringify(JSON.parse(text));
}

const regal = () => new RegalClient({ apiKey: 'partner-test-key' });

describe("the partner page's bodies, byte for byte", () => {
  it('step 1, create a contact', async () => {
    const requests = recordPosts(server, URL);
    await regal().createContact(PARTNER_CREATE_CONTACT_INPUT);
    expect(requests.map((request) => request.text)).toEqual([expectedWire(PARTNER_CREATE_CONTACT)]);
  });

  it('step 2, update the subscription', async () => {
    const requests = recordPosts(server, URL);
    await regal().updateOptIn({
      userId: 'user-8841',
      traits: {
        phone: '+17625555555',
        optIn: [
          { channel: 'voice', source: 'Spring signup', subscribed: false },
          { channel: 'sms', source: 'Spring signup', subscribed: false },
        ],
      },
    });
    expect(requests.map((request) => request.text)).toEqual([expectedWire(PARTNER_UPDATE_OPT_IN)]);
  });

  it('step 3, send a custom event', async () => {
    const requests = recordPosts(server, URL);
    await regal().trackEvent(PARTNER_CUSTOM_EVENT_INPUT);
    expect(requests.map((request) => request.text)).toEqual([expectedWire(PARTNER_CUSTOM_EVENT)]);
  });
});
