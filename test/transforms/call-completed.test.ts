import { describe, expect, it } from 'vitest';
import { callCompleted, PayloadError } from '../../src/transforms/index.js';
import { deepFreeze } from '../support/deep-freeze.js';
import { fixture } from '../support/fixtures.js';

const properties = {
  agent_firstname: 'Rebecca',
  agent_fullname: 'Rebecca Greene',
  agent_id: 'xxxx@yourbrand.com',
  direction: 'OUTBOUND',
  regal_voice_phone: '+19545558563',
  regal_voice_phone_internal_name: 'Sales Line',
  contact_phone: '+17625555555',
  call_id: 'WTxxxxx9',
  type: 'Outbound Call',
  disposition: 'Converted During Convo',
  campaign_name: 'Life Insurance Quote Follow Up',
  campaign_friendly_id: '445',
  started_at: 1657855046,
  ended_at: 1657855053,
  completed_at: 1657855059,
  talk_time: 7,
  wrapup_time: 6,
  handle_time: 13,
};

describe('callCompleted', () => {
  it('maps the seed payload to one "Call Completed" event, nulls dropped', () => {
    expect(callCompleted(fixture('call.completed'))).toStrictEqual({
      events: [
        {
          external_id: '123',
          _update_existing_only: false,
          name: 'Call Completed',
          time: '2022-07-15T03:17:39.000Z',
          properties,
        },
      ],
    });
  });

  it('keeps null properties with keepNulls', () => {
    const body = callCompleted(fixture('call.completed'), { keepNulls: true });
    expect(body.events[0]!.properties).toStrictEqual({
      ...properties,
      notes: null,
      objections: null,
      journey_uuid: null,
      journey_name: null,
      journey_friendly_id: null,
    });
  });

  it('uses the configured event name and _update_existing_only', () => {
    const body = callCompleted(fixture('call.completed'), {
      eventNames: { 'call.completed': 'Regal Call' },
      updateExistingOnly: true,
    });
    expect(body.events[0]).toMatchObject({ name: 'Regal Call', _update_existing_only: true });
  });

  it('keeps properties it does not know (a custom task’s fields), and accepts agent_email', () => {
    const payload = fixture('call.completed');
    payload.properties = {
      agent_email: 'a@yourbrand.com',
      task_title: 'Send form',
      conversation_happened: true,
    };
    expect(callCompleted(payload).events[0]!.properties).toStrictEqual({
      agent_email: 'a@yourbrand.com',
      task_title: 'Send form',
      conversation_happened: true,
    });
  });

  it('accepts a call without properties', () => {
    const payload = fixture('call.completed');
    delete payload.properties;
    expect(callCompleted(payload).events[0]).toStrictEqual({
      external_id: '123',
      _update_existing_only: false,
      name: 'Call Completed',
      time: '2022-07-15T03:17:39.000Z',
    });
  });

  it('never mutates its input', () => {
    const payload = deepFreeze(fixture('call.completed'));
    expect(() => callCompleted(payload)).not.toThrow();
  });

  it('refuses another event with a PayloadError naming the expected name', () => {
    const payload = { ...fixture('call.completed'), name: 'sms.sent' };
    expect(() => callCompleted(payload)).toThrow(
      new PayloadError(
        [{ path: ['name'], message: 'expected "call.completed", got "sms.sent"' }],
        'sms.sent',
      ),
    );
    expect(() => callCompleted(payload)).toThrow(
      'Invalid Regal sms.sent event: name: expected "call.completed", got "sms.sent"',
    );
  });

  it('refuses a property of the wrong type with its path', () => {
    const payload = fixture('call.completed');
    (payload.properties as Record<string, unknown>).talk_time = { minutes: 1 };
    expect(() => callCompleted(payload)).toThrow(
      'Invalid Regal call.completed event: properties.talk_time: expected string or number, got object',
    );
  });
});
