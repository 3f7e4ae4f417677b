// The three request bodies of Braze's partner page for Regal (the seed), byte for byte: the
// JSON RegalClient sends for the same data is exactly the seed's, key order included.
import { describe, expect, it } from 'vitest';
import { RegalClient } from '../../src/index.js';
import { recordPosts, useMsw } from '../support/msw.js';
import { SEED_CUSTOM_EVENT_INPUT } from '../support/regal-inputs.js';

const server = useMsw();
const URL = 'https://events.regalvoice.com/events';

// Copied verbatim from Braze's partner page for Regal (steps 1, 2 and 3 of its Regal API part).
const SEED_CREATE_CONTACT = `{
    "userId": "<uniqueIdentifier>", //this is optional
    "traits": {
        "phone": "<phoneNumber>",
        "email": "<email>",
        "firstName": "<firstName>",
        "lastName": "<lastName>",
        "optIn": [
            {
                "channel": "voice",
                "source": "<leadSource>",
                "subscribed": true
            },
            {
                "channel": "sms",
                "source": "<leadSource>",
                "subscribed": true
            }
        ],
        "custom1": "<custom1>",
        "custom2": "<custom2>"
    },
    "eventSource": "braze"
}`;

const SEED_UPDATE_OPT_IN = `{
    "userId": "<uniqueIdentifier>", //this is optional
    "traits": {
        "phone": "<phoneNumber>",
        "optIn": [
            {
                "channel": "voice",
                "source": "<leadSource>",
                "subscribed": "<voice_optin_subscribed>"
            },
            {
                "channel": "sms",
                "source": "<leadSource>",
                "subscribed": "<voice_optin_subscribed>"
            }
        ]
    },
    "eventSource": "braze"
}`;

const SEED_CUSTOM_EVENT = `{
    "userId": "<uniqueIdentifier>", //this is optional
    "traits": {
        "phone": "<phoneNumber>",
        "firstName": "<firstName>",
        "lastName": "<lastName>",
        "custom1": "<custom1>",
        "custom2": "<custom2>",
        "custom3": "<custom3>"
    },
    "name": "Application Step 1 Completed",
    "properties": {
      "educationalLevel": "<educationalLevel>",
      "preferredLocation": "<preferredLocation>",
      "preferredSubject": "<preferredSubject>",
      "readytoCommit": true
    },
    "eventSource": "braze"
}`;

/** Real values for the seed's `<placeholders>` (JSON literals, quotes included). */
const VALUES: Record<string, string> = {
  '"<uniqueIdentifier>"': '"user-8841"',
  '"<phoneNumber>"': '"+17625555555"',
  '"<email>"': '"jane.doe@example.com"',
  '"<firstName>"': '"Jane"',
  '"<lastName>"': '"Doe"',
  '"<leadSource>"': '"spring-campaign"',
  '"<custom1>"': '"gold"',
  '"<custom2>"': '"referral"',
  '"<custom3>"': '"2024"',
  '"<voice_optin_subscribed>"': 'false',
  '"<educationalLevel>"': '"bachelor"',
  '"<preferredLocation>"': '"Lyon"',
  '"<preferredSubject>"': '"mathematics"',
};

/** The seed body with its comment removed and real values in place: the expected wire text. */
function expectedWire(seed: string): string {
  let text = seed.replace(/\/\/[^\n]*/g, '');
  for (const [placeholder, value] of Object.entries(VALUES))
    text = text.split(placeholder).join(value);
  expect(text).not.toMatch(/<\w+>/);
  return JSON.stringify(JSON.parse(text));
}

const regal = () => new RegalClient({ apiKey: 'seed-test-key' });

describe('the seed bodies, byte for byte', () => {
  it('step 1, create a contact', async () => {
    const requests = recordPosts(server, URL);
    await regal().createContact({
      userId: 'user-8841',
      traits: {
        phone: '+17625555555',
        email: 'jane.doe@example.com',
        firstName: 'Jane',
        lastName: 'Doe',
        optIn: [
          { channel: 'voice', source: 'spring-campaign', subscribed: true },
          { channel: 'sms', source: 'spring-campaign', subscribed: true },
        ],
        custom1: 'gold',
        custom2: 'referral',
      },
    });
    expect(requests.map((request) => request.text)).toEqual([expectedWire(SEED_CREATE_CONTACT)]);
  });

  it('step 2, update the subscription', async () => {
    const requests = recordPosts(server, URL);
    await regal().updateOptIn({
      userId: 'user-8841',
      traits: {
        phone: '+17625555555',
        optIn: [
          { channel: 'voice', source: 'spring-campaign', subscribed: false },
          { channel: 'sms', source: 'spring-campaign', subscribed: false },
        ],
      },
    });
    expect(requests.map((request) => request.text)).toEqual([expectedWire(SEED_UPDATE_OPT_IN)]);
  });

  it('step 3, send a custom event', async () => {
    const requests = recordPosts(server, URL);
    await regal().trackEvent(SEED_CUSTOM_EVENT_INPUT);
    expect(requests.map((request) => request.text)).toEqual([expectedWire(SEED_CUSTOM_EVENT)]);
  });
});
