// Attribute names are typed by Regal agents: untrusted. None may change which Braze user is
// updated or how, reach a prototype, or be sent as Braze would refuse it.
import { afterEach, describe, expect, it } from 'vitest';
import {
  contactAttributeEdited,
  RESERVED_ATTRIBUTE_KEYS,
  transformRegalEvent,
} from '../../src/transforms/index.js';
import { objectFrom } from '../support/arbitraries.js';
import { fixture } from '../support/fixtures.js';

function editedWith(custom: Record<string, unknown>, overrides: Record<string, unknown> = {}) {
  const payload = fixture('contact.attribute.edited');
  (payload.properties as { changes: unknown }).changes = { custom_properties: custom };
  return { ...payload, ...overrides };
}

const change = (new_value: unknown) => ({ old_value: null, new_value });

describe('hostile attribute names in contact.attribute.edited', () => {
  afterEach(() => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('prefixes identifier and control field names, so the user and the update mode stay as Regal says', () => {
    const body = contactAttributeEdited(
      editedWith({
        external_id: change('victim'),
        user_alias: change({ alias_name: 'victim', alias_label: 'phone' }),
        braze_id: change('b-1'),
        email: change('victim@example.com'),
        phone: change('+15550000000'),
        _update_existing_only: change(true),
        subscription_groups: change([
          { subscription_group_id: 'g', subscription_state: 'subscribed' },
        ]),
        push_tokens: change([]),
        email_subscribe: change('opted_in'),
        first_name: change('Mallory'),
      }),
    );
    expect(body.attributes[0]).toStrictEqual({
      external_id: '123',
      _update_existing_only: false,
      regal_external_id: 'victim',
      regal_user_alias: { alias_name: 'victim', alias_label: 'phone' },
      regal_braze_id: 'b-1',
      regal_email: 'victim@example.com',
      regal_phone: '+15550000000',
      regal__update_existing_only: true,
      regal_subscription_groups: [{ subscription_group_id: 'g', subscription_state: 'subscribed' }],
      regal_push_tokens: [],
      regal_email_subscribe: 'opted_in',
      regal_first_name: 'Mallory',
    });
  });

  it('never lets __proto__, constructor or prototype reach a prototype', () => {
    const custom = JSON.parse(
      '{"__proto__": {"old_value": null, "new_value": {"polluted": true}},' +
        ' "constructor": {"new_value": {"prototype": {"polluted": true}}},' +
        ' "prototype": {"new_value": 1}}',
    ) as Record<string, unknown>;
    const body = contactAttributeEdited(editedWith(custom));
    const attributes = body.attributes[0]!;
    expect(Object.getPrototypeOf(attributes)).toBe(Object.prototype);
    expect(Object.keys(attributes)).toStrictEqual([
      'external_id',
      '_update_existing_only',
      'regal___proto__',
      'regal_constructor',
      'regal_prototype',
    ]);
    expect(attributes.regal___proto__).toStrictEqual({ polluted: true });
    expect(attributes.regal_constructor).toStrictEqual({ regal_prototype: { polluted: true } });
    expect(JSON.parse(JSON.stringify(body))).toStrictEqual(body);
  });

  it('checks a "__proto__" standard-level change too', () => {
    const payload = fixture('contact.attribute.edited');
    (payload.properties as { changes: unknown }).changes = JSON.parse('{"__proto__": ""}');
    expect(() => contactAttributeEdited(payload)).toThrow(
      'Invalid Regal contact.attribute.edited event: properties.changes.__proto__: must be { old_value, new_value }',
    );
  });

  it('checks a "__proto__" change itself (zod records skip that key)', () => {
    for (const value of ['null', '7', '{"old_value": 1}']) {
      const custom = JSON.parse(`{"__proto__": ${value}}`) as Record<string, unknown>;
      expect(() => contactAttributeEdited(editedWith(custom))).toThrow(
        'Invalid Regal contact.attribute.edited event: properties.changes.custom_properties.__proto__: must be { old_value, new_value }',
      );
    }
  });

  it('renames names Braze refuses: leading $, dots; nested keys lose whitespace and dots too', () => {
    const body = contactAttributeEdited(
      editedWith({
        $score: change(1),
        $$vip: change(true),
        'plan.tier': change('gold'),
        'annual income': change('300,000'),
        address: change({ 'zip code': '10001', 'geo.lat': 40.7, $raw: 'x' }),
      }),
    );
    expect(body.attributes[0]).toStrictEqual({
      external_id: '123',
      _update_existing_only: false,
      regal_score: 1,
      regal_vip: true,
      regal_plan_tier: 'gold',
      'annual income': '300,000',
      address: { regal_zip_code: '10001', regal_geo_lat: 40.7, regal_raw: 'x' },
    });
  });

  it('refuses, naming both, two names that would become the same Braze attribute', () => {
    expect(() =>
      contactAttributeEdited(
        editedWith({ 'plan.tier': change('a'), regal_plan_tier: change('b') }),
      ),
    ).toThrow(
      'properties.changes.custom_properties.regal_plan_tier: maps to Braze key "regal_plan_tier", which another key already uses',
    );
  });

  it('keeps the identifier whatever identifier kind is configured', () => {
    const custom = objectFrom(
      [...RESERVED_ATTRIBUTE_KEYS].map((key) => [key, change('attacker')] as [string, unknown]),
    );
    for (const identifiers of [['external_id'], ['email'], ['phone'], ['phone_alias']] as const) {
      const attributes = contactAttributeEdited(editedWith(custom), { identifiers }).attributes[0]!;
      const expected = {
        external_id: { external_id: '123' },
        email: { email: 'xxx@gmail.com' },
        phone: { phone: '+17625555555' },
        phone_alias: { user_alias: { alias_name: '+17625555555', alias_label: 'phone' } },
      }[identifiers[0]];
      for (const key of ['external_id', 'user_alias', 'braze_id', 'email', 'phone']) {
        expect(attributes[key]).toStrictEqual((expected as Record<string, unknown>)[key]);
      }
      expect(attributes._update_existing_only).toBe(false);
    }
  });
});

describe('hostile property names in generic events', () => {
  it('prefixes time and event_name, which Braze refuses as property keys', () => {
    const payload = fixture('sms.sent');
    payload.properties = { time: 'noon', event_name: 'x', $channel: 'sms', 'a.b': 1, ok: 2 };
    expect(transformRegalEvent(payload)!.events![0]!.properties).toStrictEqual({
      regal_time: 'noon',
      regal_event_name: 'x',
      regal_channel: 'sms',
      regal_a_b: 1,
      ok: 2,
    });
  });

  it('looks event names up as own keys only (no inherited "constructor" mapping)', () => {
    const payload = { ...fixture('sms.sent'), name: 'constructor' };
    expect(transformRegalEvent(payload, { eventNames: {} })!.events![0]!.name).toBe('Constructor');
  });
});

describe('text from a payload in error messages', () => {
  it('never adds a line: control characters and line separators are escaped', () => {
    const messages: string[] = [];
    const attempts = [
      () => transformRegalEvent({ name: 'sms.sent\nFAKE LOG LINE\u2028', properties: {} }),
      () =>
        transformRegalEvent({
          ...fixture('contact.unsubscribed'),
          properties: { channel: 'x\r\ny' },
        }),
      () =>
        contactAttributeEdited(
          editedWith(
            objectFrom([
              ['a.b\n', change(1)],
              ['regal_a_b\n', change(2)],
            ]),
          ),
        ),
    ];
    for (const attempt of attempts) {
      try {
        attempt();
      } catch (error) {
        messages.push((error as Error).message);
      }
    }
    expect(messages).toHaveLength(3);
    for (const message of messages) expect(message).not.toMatch(/[\n\r\u2028\u2029]/);
    expect(messages[0]).toMatch(/^Invalid Regal sms\.sent\\nFAKE LOG LINE\\u2028 event: /);
  });
});
