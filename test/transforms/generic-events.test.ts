import { describe, expect, it } from 'vitest';
import {
  CONTACTLESS_EVENT_NAMES,
  defaultBrazeEventName,
  REGAL_EVENT_NAMES,
  transformRegalEvent,
  validateUsersTrack,
} from '../../src/transforms/index.js';
import { fixture, fixtureNames } from '../support/fixtures.js';

const options = { subscriptionGroups: { voice: 'g-voice', sms: 'g-sms' } };

describe('default Braze event names', () => {
  it.each([
    ['call.completed', 'Call Completed'],
    ['sms.sent', 'SMS Sent'],
    ['mms.received', 'MMS Received'],
    ['call.ivr.triggered', 'Call IVR Triggered'],
    ['call.recording.available', 'Call Recording Available'],
    ['cancel.all.automated.tasks', 'Cancel All Automated Tasks'],
    ['sms.conversation.completed', 'SMS Conversation Completed'],
    ['contacted.after.hours', 'Contacted After Hours'],
  ])('%s -> %s', (regal, braze) => {
    expect(defaultBrazeEventName(regal)).toBe(braze);
  });

  it('gives every documented Regal event a distinct name', () => {
    const names = REGAL_EVENT_NAMES.map(defaultBrazeEventName);
    expect(new Set(names).size).toBe(REGAL_EVENT_NAMES.length);
  });
});

describe('the generic mapping', () => {
  it('maps sms.sent to "SMS Sent" with its properties, nulls dropped', () => {
    expect(transformRegalEvent(fixture('sms.sent'))).toStrictEqual({
      events: [
        {
          external_id: '123',
          _update_existing_only: false,
          name: 'SMS Sent',
          time: '2022-07-15T03:33:20.000Z',
          properties: {
            agent_fullname: 'Rebecca Greene',
            agent_email: 'rebecca@yourbrand.com',
            content: 'Hi Jane, following up on your quote: reply YES to book a call.',
            from_number: '+19545558563',
            to_number: '+17625555555',
            sms_message_id: 'SMa1b2c3d4e5f6',
            campaign_name: 'Life Insurance Quote Follow Up',
            campaign_friendly_id: 445,
            journey_uuid: '9f1c2d3e-4b5a-6c7d-8e9f-0a1b2c3d4e5f',
            journey_name: 'Quote Follow Up',
            journey_friendly_id: 220,
          },
        },
      ],
    });
  });

  it('maps the snake_case variant envelope (voicemail.completed) by its phone', () => {
    expect(transformRegalEvent(fixture('voicemail.completed'))).toStrictEqual({
      events: [
        {
          user_alias: { alias_name: '+17625555555', alias_label: 'phone' },
          _update_existing_only: false,
          name: 'Voicemail Completed',
          time: '2022-07-15T03:50:00.000Z',
          properties: { call_id: 'WTvm000001', direction: 'INBOUND', voicemail_duration: 21 },
        },
      ],
    });
  });

  it('cuts strings to 255 characters and keeps nested data (call.transcript.available)', () => {
    const source = fixture('call.transcript.available').properties as Record<string, string>;
    const properties = transformRegalEvent(fixture('call.transcript.available'))!.events![0]!
      .properties!;
    expect(source.transcript!.length).toBeGreaterThan(255);
    expect(properties.transcript).toBe(source.transcript!.slice(0, 255));
    expect(properties.sentiments).toStrictEqual({ contact: 'positive', agent: 'neutral' });
    expect(properties.trackers).toStrictEqual(['pricing', 'term length']);
  });

  it('keeps the positional arrays of sms.conversation.completed', () => {
    const properties = transformRegalEvent(fixture('sms.conversation.completed'))!.events![0]!
      .properties!;
    expect(properties.content).toStrictEqual([
      [1657856000, 'Agent', 'sent', 'Hi Jane, reply YES to book a call.'],
      [1657856120, 'Contact', 'received', 'YES'],
    ]);
  });

  it('uses eventNames overrides', () => {
    const body = transformRegalEvent(fixture('sms.sent'), {
      eventNames: { 'sms.sent': 'Text Sent' },
    });
    expect(body!.events![0]!.name).toBe('Text Sent');
  });

  it('maps an event Regal adds later, by the same rule', () => {
    const event = { ...fixture('sms.sent'), name: 'whatsapp.message.sent' };
    expect(transformRegalEvent(event)!.events![0]!.name).toBe('Whatsapp Message Sent');
  });

  it('returns undefined for events that concern no contact', () => {
    expect(CONTACTLESS_EVENT_NAMES).toStrictEqual(['agent.activity.updated']);
    expect(transformRegalEvent(fixture('agent.activity.updated'))).toBeUndefined();
  });

  it('refuses a Regal name that gives no usable Braze event name', () => {
    expect(() => transformRegalEvent({ ...fixture('sms.sent'), name: '...' })).toThrow(
      'Invalid Regal ... event: name: gives a Braze event name that is empty or over 255 characters',
    );
  });
});

describe('every fixture', () => {
  it.each(fixtureNames)('%s maps to a body Braze accepts (or to nothing)', (name) => {
    const body = transformRegalEvent(fixture(name), options);
    if (name === 'agent.activity.updated') expect(body).toBeUndefined();
    else expect(validateUsersTrack(body)).toStrictEqual([]);
  });

  it('covers the four seed events and at least 10 others', () => {
    const seed = [
      'call.completed',
      'contact.attribute.edited',
      'contact.experiment.assigned',
      'contact.unsubscribed',
    ];
    expect(fixtureNames).toEqual(expect.arrayContaining(seed));
    expect(fixtureNames.filter((name) => !seed.includes(name)).length).toBeGreaterThanOrEqual(10);
  });

  it('matches the recorded bodies', () => {
    const bodies = Object.fromEntries(
      fixtureNames.map((name) => [name, transformRegalEvent(fixture(name), options)]),
    );
    expect(bodies).toMatchSnapshot();
  });
});
