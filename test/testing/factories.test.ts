// regalEvent: valid and mappable for every documented name, deterministic, realistic, typed,
// with documented override semantics.
import vm from 'node:vm';
import fc from 'fast-check';
import { beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
  callCompletedEventSchema,
  contactAttributeEditedEventSchema,
  contactExperimentAssignedEventSchema,
  contactSubscribedEventSchema,
  contactUnsubscribedEventSchema,
  CONTACTLESS_EVENT_NAMES,
  regalEventSchema,
  transformRegalEvent,
  ValidationError,
  type TransformOptions,
} from '../../src/index.js';
import {
  REGAL_EVENT_NAMES,
  regalEvent,
  resetRegalEventSequence,
  validateUsersTrack,
  type RegalEventMap,
  type RegalEventName,
} from '../../src/testing/index.js';

const DEDICATED_SCHEMAS = {
  'call.completed': callCompletedEventSchema,
  'contact.attribute.edited': contactAttributeEditedEventSchema,
  'contact.experiment.assigned': contactExperimentAssignedEventSchema,
  'contact.subscribed': contactSubscribedEventSchema,
  'contact.unsubscribed': contactUnsubscribedEventSchema,
} as const;

const VARIANT_NAMES = [
  'call.analysis.available',
  'call.ivr.triggered',
  'email.conversation.completed',
  'voicemail.completed',
];

const groups = { voice: 'group-voice', sms: 'group-sms', email: 'group-email' };
const OPTION_SETS: TransformOptions[] = [
  { subscriptionGroups: groups },
  { subscriptionGroups: groups, identifiers: ['phone_alias'] },
  { subscriptionGroups: groups, identifiers: ['email', 'phone'], keepNulls: true },
];

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const E164 = /^\+[1-9]\d{6,14}$/;

/** Problems of one factory event: schema failures, then what Braze would reject. */
function problemsOf(event: unknown, name: RegalEventName, options: TransformOptions): unknown[] {
  const problems: unknown[] = [];
  if (!regalEventSchema.safeParse(event).success) problems.push('envelope schema');
  const dedicated = DEDICATED_SCHEMAS[name as keyof typeof DEDICATED_SCHEMAS];
  if (dedicated !== undefined && !dedicated.safeParse(event).success) problems.push('schema');
  const body = transformRegalEvent(event, options);
  const contactless = (CONTACTLESS_EVENT_NAMES as readonly string[]).includes(name);
  if (contactless !== (body === undefined)) problems.push(`body: ${JSON.stringify(body)}`);
  if (body !== undefined) problems.push(...validateUsersTrack(body));
  return problems;
}

beforeEach(() => resetRegalEventSequence());

describe('every documented event', () => {
  it('has a factory for each of the 40 names', () => {
    expect(REGAL_EVENT_NAMES).toHaveLength(40);
    for (const name of REGAL_EVENT_NAMES) expect(regalEvent(name).name).toBe(name);
  });

  it.each(REGAL_EVENT_NAMES)('%s passes the schemas and maps to a body Braze accepts', (name) => {
    for (const options of OPTION_SETS) {
      expect(problemsOf(regalEvent(name), name, options)).toStrictEqual([]);
      for (const envelope of ['standard', 'variant'] as const) {
        expect(problemsOf(regalEvent(name, {}, { envelope }), name, options)).toStrictEqual([]);
      }
    }
  });

  it('stays valid for any seed, time and envelope (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...REGAL_EVENT_NAMES),
        fc.oneof(fc.integer(), fc.string()),
        fc.integer({ min: 946_684_800, max: 4_102_444_800 }),
        fc.constantFrom('standard' as const, 'variant' as const),
        fc.constantFrom(...OPTION_SETS),
        (name, seed, at, envelope, options) => {
          const event = regalEvent(name, {}, { seed, at, envelope });
          expect(problemsOf(event, name, options)).toStrictEqual([]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('gives the call.completed transform the event it documents', () => {
    const event = regalEvent('call.completed', {}, { seed: 7, at: '2024-05-01T12:00:00Z' });
    const body = transformRegalEvent(event);
    expect(body).toStrictEqual({
      events: [
        {
          external_id: event.userId,
          _update_existing_only: false,
          name: 'Call Completed',
          time: '2024-05-01T12:00:00.000Z',
          properties: expect.objectContaining({
            completed_at: 1_714_564_800,
            contact_phone: event.traits?.phone,
          }) as unknown,
        },
      ],
    });
  });
});

describe('determinism', () => {
  it('gives the same event for the same seed, on every call', () => {
    for (const name of REGAL_EVENT_NAMES) {
      expect(regalEvent(name, {}, { seed: 'abc' })).toStrictEqual(
        regalEvent(name, {}, { seed: 'abc' }),
      );
    }
    expect(regalEvent('sms.sent', {}, { seed: 1 })).toStrictEqual(
      regalEvent('sms.sent', {}, { seed: '1' }),
    );
  });

  it('pins the generated values (a change here changes users’ snapshots)', () => {
    expect(regalEvent('call.completed', {}, { seed: 1 })).toMatchSnapshot();
    expect(regalEvent('voicemail.completed', {}, { seed: 1 })).toMatchSnapshot();
    expect(regalEvent('sms.conversation.completed', {}, { seed: 1 })).toMatchSnapshot();
  });

  it('gives calls without a seed the seeds 1, 2, 3… until the sequence is reset', () => {
    const first = regalEvent('sms.sent');
    const second = regalEvent('sms.sent');
    expect(first).toStrictEqual(regalEvent('sms.sent', {}, { seed: 1 }));
    expect(second).toStrictEqual(regalEvent('sms.sent', {}, { seed: 2 }));
    expect(second.eventId).not.toBe(first.eventId);
    resetRegalEventSequence();
    expect(regalEvent('sms.sent')).toStrictEqual(first);
  });

  it('does not advance the sequence when a call fails or has a seed', () => {
    regalEvent('sms.sent', {}, { seed: 99 });
    expect(() => regalEvent('sms.sent', {}, { at: 'soon' })).toThrow(ValidationError);
    expect(regalEvent('sms.sent')).toStrictEqual(regalEvent('sms.sent', {}, { seed: 1 }));
  });

  it('never reads the clock unless asked', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
      const before = regalEvent('call.completed', {}, { seed: 3 });
      vi.setSystemTime(new Date('2031-06-01T00:00:00Z'));
      expect(regalEvent('call.completed', {}, { seed: 3 })).toStrictEqual(before);
      expect(regalEvent('call.completed', {}, { seed: 3, at: 'now' }).originalTimestamp).toBe(
        String(Date.parse('2031-06-01T00:00:00Z') / 1000),
      );
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('identifiers and realism', () => {
  it('gives unique eventIds across names and seeds', () => {
    const ids = new Set<string>();
    for (let seed = 0; seed < 150; seed += 1) {
      for (const name of REGAL_EVENT_NAMES) {
        const event = regalEvent(name, {}, { seed });
        ids.add(String(event.eventId ?? event.event_id));
      }
    }
    expect(ids.size).toBe(150 * REGAL_EVENT_NAMES.length);
  });

  it('tells one story per seed: same contact, agent and campaign for every name', () => {
    const call = regalEvent('call.completed', {}, { seed: 5 });
    const sms = regalEvent('sms.sent', {}, { seed: 5 });
    const voicemail = regalEvent('voicemail.completed', {}, { seed: 5 });
    expect(sms.userId).toBe(call.userId);
    expect(sms.traits).toStrictEqual(call.traits);
    expect(voicemail.external_id).toBe(call.userId);
    expect(voicemail.contact_phone).toBe(call.traits?.phone);
    expect(sms.properties.agent_email).toBe(call.properties?.agent_email);
    expect(sms.properties.campaign_name).toBe(call.properties?.campaign_name);
    expect(sms.properties.from_number).toBe(call.properties?.regal_voice_phone);
    expect(sms.properties.to_number).toBe(call.traits?.phone);
  });

  it('uses realistic shapes: E.164 phones, example.com emails, UUIDs, Unix-second strings', () => {
    for (let seed = 0; seed < 50; seed += 1) {
      const event = regalEvent('sms.sent', {}, { seed });
      expect(event.traits?.phone).toMatch(E164);
      expect(event.traits?.phone).toMatch(/^\+1\d{3}55501\d{2}$/);
      expect(event.properties.from_number).toMatch(E164);
      expect(event.properties.from_number).not.toBe(event.traits?.phone);
      expect(event.traits?.email).toMatch(/^[a-z]+\.[a-z]+\d+@example\.com$/);
      expect(event.properties.agent_email).toMatch(/^[a-z]+@yourbrand\.com$/);
      expect(event.eventId).toMatch(UUID_V4);
      expect(event.userId).toMatch(/^\d{6,7}$/);
      expect(event.properties.sms_message_id).toMatch(/^SM[0-9a-f]{32}$/);
      expect(event.eventSource).toBe('Regal Voice');
      const seconds = Number(event.originalTimestamp);
      expect(String(seconds)).toBe(event.originalTimestamp);
      expect(new Date(seconds * 1000).getUTCFullYear()).toBe(2024);
    }
  });

  it('keeps the times of a call consistent with when it happened', () => {
    const at = 1_714_564_800;
    const { properties } = regalEvent('call.completed', {}, { seed: 11, at });
    expect(properties?.completed_at).toBe(at);
    expect(properties?.ended_at).toBe(at - Number(properties?.wrapup_time));
    expect(properties?.started_at).toBe(
      Number(properties?.ended_at) - Number(properties?.talk_time),
    );
    expect(properties?.handle_time).toBe(
      Number(properties?.talk_time) + Number(properties?.wrapup_time),
    );
    const subscribed = regalEvent('contact.subscribed', {}, { at });
    expect(subscribed.properties.timestamp).toBe(String(at - 1));
    expect(subscribed.traits?.ip).toBe(subscribed.properties.ip);
  });

  it('accepts every documented form of `at`', () => {
    const iso = '2024-05-01T12:00:00.000Z';
    const seconds = String(Date.parse(iso) / 1000);
    for (const at of [new Date(iso), iso, Date.parse(iso), Date.parse(iso) / 1000, seconds]) {
      expect(regalEvent('sms.sent', {}, { seed: 1, at }).originalTimestamp).toBe(seconds);
    }
  });

  it('uses the snake_case envelope where Regal does, or where asked', () => {
    for (const name of REGAL_EVENT_NAMES) {
      const event = regalEvent(name) as Record<string, unknown>;
      expect([name, 'event_id' in event]).toStrictEqual([name, VARIANT_NAMES.includes(name)]);
      expect([name, 'eventId' in event]).toStrictEqual([name, !VARIANT_NAMES.includes(name)]);
    }
    const variant = regalEvent('sms.sent', {}, { seed: 1, envelope: 'variant' });
    const standard = regalEvent('sms.sent', {}, { seed: 1 });
    expect(Object.keys(variant)).toStrictEqual([
      'event_id',
      'original_timestamp',
      'external_id',
      'contact_phone',
      'contact_email',
      'source',
      'brand',
      'profile_id',
      'entity_type',
      'event_type',
      'name',
      'properties',
    ]);
    expect(variant).toMatchObject({
      original_timestamp: standard.originalTimestamp,
      external_id: standard.userId,
      contact_phone: standard.traits?.phone,
      contact_email: standard.traits?.email,
      event_type: 'sms.sent',
    });
  });

  it('gives contactless and phone-only events the envelope Regal sends', () => {
    const agent = regalEvent('agent.activity.updated', {}, { seed: 1 });
    expect(agent.traits).toStrictEqual({});
    expect('userId' in agent).toBe(false);
    expect(agent.properties.old_activity).not.toBe(agent.properties.new_activity);
    const phone = regalEvent('contact.phone.created', {}, { seed: 1 });
    expect(Object.keys(phone.traits ?? {})).toStrictEqual(['phone']);
    expect('userId' in phone).toBe(false);
  });
});

describe('overrides', () => {
  it('deep-merges objects and keeps what they do not name', () => {
    const base = regalEvent('call.completed', {}, { seed: 1 });
    const event = regalEvent(
      'call.completed',
      { userId: 'u-1', properties: { disposition: 'Booked', campaign_name: null } },
      { seed: 1 },
    );
    expect(event).toStrictEqual({
      ...base,
      userId: 'u-1',
      properties: { ...base.properties, disposition: 'Booked', campaign_name: null },
    });
  });

  it('replaces arrays whole', () => {
    const event = regalEvent('sms.conversation.completed', {
      properties: { content: [[1_714_564_800, 'Contact', 'received', 'STOP']] },
    });
    expect(event.properties.content).toStrictEqual([
      [1_714_564_800, 'Contact', 'received', 'STOP'],
    ]);
    const call = regalEvent(
      'call.completed',
      { properties: { objections: ['price'] } },
      { seed: 2 },
    );
    expect(call.properties?.objections).toStrictEqual(['price']);
  });

  it('removes a key set to undefined, as absent from the JSON', () => {
    const event = regalEvent('sms.received', { userId: undefined, traits: { email: undefined } });
    expect('userId' in event).toBe(false);
    expect(Object.keys(event.traits ?? {})).toStrictEqual(['phone']);
    expect(JSON.parse(JSON.stringify(event))).toStrictEqual(event);
  });

  it('adds keys the event does not have, at any depth', () => {
    const event = regalEvent('sms.sent', {
      traits: { firstName: 'Ana' },
      properties: { custom: { deep: [1, 2] } },
    });
    expect(event.traits?.firstName).toBe('Ana');
    expect(event.properties.custom).toStrictEqual({ deep: [1, 2] });
  });

  it('replaces an object by null or a scalar, and a scalar by an object', () => {
    // Beyond the declared types on purpose: a test may need a payload of the wrong shape.
    const wrongShape = { traits: null, properties: { content: { text: 'x' } } } as never;
    const event = regalEvent('sms.sent', wrongShape);
    expect(event.traits).toBeNull();
    expect(event.properties.content).toStrictEqual({ text: 'x' });
    expect(regalEvent('sms.sent', { traits: { phone: 'x' } }, { seed: 2 }).traits).toStrictEqual({
      phone: 'x',
      email: regalEvent('sms.sent', {}, { seed: 2 }).traits?.email,
    });
  });

  it('copies overrides: the event and the overrides share nothing', () => {
    const overrides = { properties: { objections: ['price'], custom: { a: 1 } } };
    const event = regalEvent('call.completed', overrides);
    overrides.properties.objections.push('timing');
    overrides.properties.custom.a = 2;
    expect(event.properties?.objections).toStrictEqual(['price']);
    expect(event.properties?.custom).toStrictEqual({ a: 1 });
  });

  it('sets hostile keys as own data, never on a prototype', () => {
    const overrides = JSON.parse(
      '{"properties": {"__proto__": {"polluted": true}, "constructor": "x"}}',
    ) as Record<string, unknown>;
    const event = regalEvent('sms.sent', overrides);
    expect(Object.prototype.hasOwnProperty.call(event.properties, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(event.properties)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(event.properties.constructor).toBe('x');
  });

  it('merges objects made in another realm (a vm context, Jest’s sandbox)', () => {
    const overrides = vm.runInNewContext(
      '({ properties: { disposition: "Booked", custom: { a: [1] } } })',
    ) as Record<string, unknown>;
    const event = regalEvent('call.completed', overrides, { seed: 1 });
    expect(event.properties).toStrictEqual({
      ...regalEvent('call.completed', {}, { seed: 1 }).properties,
      disposition: 'Booked',
      custom: { a: [1] },
    });
  });

  it('does not validate the result, so tests can build the invalid events code must refuse', () => {
    const event = regalEvent('call.completed', { originalTimestamp: 'yesterday' });
    expect(() => transformRegalEvent(event)).toThrow(
      'Invalid Regal call.completed event: originalTimestamp: is not a usable time',
    );
  });
});

describe('bad arguments', () => {
  it('refuses an unknown name', () => {
    expect(() => regalEvent('call.finished' as RegalEventName)).toThrow(
      new ValidationError('regalEvent', [
        {
          path: ['name'],
          message: '"call.finished" is not a documented Regal event name (see REGAL_EVENT_NAMES)',
        },
      ]),
    );
  });

  it('keeps a hostile name on one line of the message', () => {
    expect(() => regalEvent('sms\nsent\u2028' as RegalEventName)).toThrow(
      'Invalid regalEvent input: name: "sms\\nsent\\u2028" is not a documented Regal event name',
    );
  });

  it('lists every bad option and overrides that are not an object', () => {
    let error: unknown;
    try {
      regalEvent(
        'sms.sent',
        [] as never,
        {
          seed: Number.NaN,
          at: 'soon',
          envelope: 'camel' as never,
          when: 1,
        } as never,
      );
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toStrictEqual([
      { path: ['overrides'], message: 'must be a plain object' },
      { path: ['options', 'when'], message: 'unknown option' },
      { path: ['options', 'seed'], message: 'must be a finite number or a string' },
      { path: ['options', 'envelope'], message: "must be 'standard' or 'variant'" },
      {
        path: ['options', 'at'],
        message: "must be 'now', a valid Date, Unix seconds or milliseconds, or ISO 8601 text",
      },
    ]);
    expect(() => regalEvent('sms.sent', {}, { at: new Date(Number.NaN) })).toThrow(
      'Invalid regalEvent input: options.at:',
    );
  });
});

describe('types', () => {
  it('follow the name', () => {
    expectTypeOf(regalEvent('sms.sent')).toEqualTypeOf<RegalEventMap['sms.sent']>();
    expectTypeOf(regalEvent('call.completed')).toEqualTypeOf<RegalEventMap['call.completed']>();
    expectTypeOf(regalEvent('sms.sent').properties.content).toEqualTypeOf<
      string | null | undefined
    >();
    expectTypeOf<keyof RegalEventMap>().toEqualTypeOf<RegalEventName>();
    // @ts-expect-error not a documented name
    expect(() => regalEvent('sms.delivered')).toThrow(ValidationError);
    // @ts-expect-error content is a string
    regalEvent('sms.sent', { properties: { content: 42 } });
  });
});
