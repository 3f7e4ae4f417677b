import { describe, expect, it } from 'vitest';
import {
  contactAttributeEdited,
  PayloadError,
  validateUsersTrack,
} from '../../src/transforms/index.js';
import { fixture } from '../support/fixtures.js';

function withChanges(changes: unknown, overrides: Record<string, unknown> = {}) {
  const payload = fixture('contact.attribute.edited');
  (payload.properties as Record<string, unknown>).changes = changes;
  return { ...payload, ...overrides };
}

describe('contactAttributeEdited', () => {
  it('maps each custom property’s new value to an attribute (the seed payload)', () => {
    expect(contactAttributeEdited(fixture('contact.attribute.edited'))).toStrictEqual({
      attributes: [{ external_id: '123', _update_existing_only: false, annual_income: '300,000' }],
    });
  });

  it('maps standard fields to Braze standard attributes', () => {
    const body = contactAttributeEdited(
      withChanges({
        first_name: { old_value: 'Jane', new_value: 'Janet' },
        lastName: { old_value: null, new_value: 'Doe' },
        email: { old_value: 'xxx@gmail.com', new_value: 'janet@example.com' },
        phone: { old_value: '+17625555555', new_value: '+17625550000' },
        phones: { old_value: [], new_value: ['+17625550000'] },
        custom_properties: { plan: { old_value: 'basic', new_value: 'gold' } },
      }),
    );
    expect(body).toStrictEqual({
      attributes: [
        {
          external_id: '123',
          _update_existing_only: false,
          first_name: 'Janet',
          last_name: 'Doe',
          email: 'janet@example.com',
          phone: '+17625550000',
          phones: ['+17625550000'],
          plan: 'gold',
        },
      ],
    });
  });

  it('clears an attribute whose new value is null, whatever keepNulls says', () => {
    const body = contactAttributeEdited(
      withChanges({ custom_properties: { plan: { old_value: 'gold', new_value: null } } }),
    );
    expect(body.attributes[0]).toStrictEqual({
      external_id: '123',
      _update_existing_only: false,
      plan: null,
    });
  });

  it('keeps numbers, booleans, arrays and nested objects (nested nulls dropped)', () => {
    const body = contactAttributeEdited(
      withChanges({
        custom_properties: {
          score: { new_value: 42 },
          vip: { new_value: true },
          tags: { new_value: ['a', 'b'] },
          car: { new_value: { make: 'Volvo', year: 2020, trim: null } },
        },
      }),
    );
    expect(body.attributes[0]).toStrictEqual({
      external_id: '123',
      _update_existing_only: false,
      score: 42,
      vip: true,
      tags: ['a', 'b'],
      car: { make: 'Volvo', year: 2020 },
    });
  });

  it('lets an email change confirm, never change, the identifier the user is found by', () => {
    const byEmail = { identifiers: ['email'] as const };
    const same = withChanges({ email: { old_value: 'old@x.com', new_value: 'XXX@gmail.com ' } });
    expect(contactAttributeEdited(same, byEmail).attributes[0]).toStrictEqual({
      email: 'xxx@gmail.com',
      _update_existing_only: false,
    });
    const other = withChanges({ email: { old_value: 'xxx@gmail.com', new_value: 'new@x.com' } });
    expect(() => contactAttributeEdited(other, byEmail)).toThrow(
      'Invalid Regal contact.attribute.edited event: properties.changes.email.new_value: changes email, the identifier this user is found by; list external_id first in the identifiers option',
    );
  });

  it('refuses two spellings of one standard field, naming the second', () => {
    const both = withChanges({
      first_name: { new_value: 'Jane' },
      firstName: { new_value: 'Janet' },
    });
    expect(() => contactAttributeEdited(both)).toThrow(
      'Invalid Regal contact.attribute.edited event: properties.changes.firstName: maps to Braze key "first_name", which another key already uses',
    );
  });

  it('refuses a standard field that is not a string', () => {
    expect(() => contactAttributeEdited(withChanges({ first_name: { new_value: 7 } }))).toThrow(
      "properties.changes.first_name.new_value: Braze's first_name must be a string or null",
    );
  });

  it('refuses an event without changes, or a change without new_value', () => {
    expect(() => contactAttributeEdited(withChanges(undefined))).toThrow(
      new PayloadError(
        [{ path: ['properties', 'changes'], message: 'is required' }],
        'contact.attribute.edited',
      ),
    );
    expect(() =>
      contactAttributeEdited(withChanges({ custom_properties: { plan: { old_value: 'x' } } })),
    ).toThrow('properties.changes.custom_properties.plan.new_value: is required');
  });
});

// An agent clearing a standard field in Regal sends "" (or blanks, or null): Braze removes an
// attribute set to null, and refuses "" for email and phone, which lost the whole edit.
describe('contactAttributeEdited: a cleared standard field', () => {
  const edit = (changes: Record<string, unknown>, overrides: Record<string, unknown> = {}) =>
    withChanges(
      { ...changes, custom_properties: { plan: { old_value: 'basic', new_value: 'gold' } } },
      overrides,
    );

  it.each([
    ['email', ''],
    ['email', '   '],
    ['phone', ''],
    ['phone', ' \t'],
    ['first_name', ''],
    ['lastName', '  '],
  ])('%s set to %j becomes null (removed in Braze), the rest of the edit kept', (field, value) => {
    const body = contactAttributeEdited(edit({ [field]: { old_value: 'x', new_value: value } }));
    const brazeField = field === 'lastName' ? 'last_name' : field;
    expect(body).toStrictEqual({
      attributes: [
        { external_id: '123', _update_existing_only: false, [brazeField]: null, plan: 'gold' },
      ],
    });
    expect(validateUsersTrack(body)).toStrictEqual([]);
  });

  it('for a user found by a phone alias, email and phone are attributes: cleared, they are null', () => {
    const body = contactAttributeEdited(
      edit({ email: { new_value: null }, phone: { new_value: '' } }),
      {
        identifiers: ['phone_alias'],
      },
    );
    expect(body.attributes[0]).toStrictEqual({
      user_alias: { alias_name: '+17625555555', alias_label: 'phone' },
      _update_existing_only: false,
      email: null,
      phone: null,
      plan: 'gold',
    });
    expect(validateUsersTrack(body)).toStrictEqual([]);
  });

  it('never touches the identifier the user is found by: clearing it is left out', () => {
    for (const [identifiers, field, identifier] of [
      [['email'], 'email', { email: 'xxx@gmail.com' }],
      [['phone'], 'phone', { phone: '+17625555555' }],
    ] as const) {
      for (const value of ['', ' ', null]) {
        const body = contactAttributeEdited(edit({ [field]: { new_value: value } }), {
          identifiers,
        });
        expect(body.attributes[0]).toStrictEqual({
          ...identifier,
          _update_existing_only: false,
          plan: 'gold',
        });
        expect(validateUsersTrack(body)).toStrictEqual([]);
      }
    }
  });

  it('for a user found by email, a cleared phone is null: Braze finds the user by email first', () => {
    const body = contactAttributeEdited(edit({ phone: { new_value: '' } }), {
      identifiers: ['email'],
    });
    expect(body.attributes[0]).toStrictEqual({
      email: 'xxx@gmail.com',
      _update_existing_only: false,
      phone: null,
      plan: 'gold',
    });
    expect(validateUsersTrack(body)).toStrictEqual([]);
  });

  it('for a user found by phone, email is left alone too: Braze would find the user by it instead', () => {
    const byPhone = { identifiers: ['phone'] as const };
    const cleared = contactAttributeEdited(edit({ email: { new_value: '' } }), byPhone);
    expect(cleared.attributes[0]).toStrictEqual({
      phone: '+17625555555',
      _update_existing_only: false,
      plan: 'gold',
    });
    expect(() =>
      contactAttributeEdited(edit({ email: { new_value: 'new@example.com' } }), byPhone),
    ).toThrow(
      'Invalid Regal contact.attribute.edited event: properties.changes.email.new_value: sets email, which Braze would find this user by instead of its phone; list external_id first in the identifiers option',
    );
  });
});
