import { describe, expect, it } from 'vitest';
import { transformRegalEvent, type TransformOptions } from '../../src/transforms/index.js';
import { fixture } from '../support/fixtures.js';

function identifierOf(event: unknown, options?: TransformOptions) {
  const {
    name: _name,
    time: _time,
    properties: _p,
    _update_existing_only: _u,
    ...identifier
  } = transformRegalEvent(event, options)!.events![0]!;
  return identifier;
}

const seed = () => fixture('call.completed');

describe('identity', () => {
  it('defaults to external_id, then email, then the phone as a user alias', () => {
    expect(identifierOf(seed())).toStrictEqual({ external_id: '123' });
    expect(identifierOf({ ...seed(), userId: null })).toStrictEqual({ email: 'xxx@gmail.com' });
    expect(
      identifierOf({ ...seed(), userId: undefined, traits: { phone: '+17625555555' } }),
    ).toStrictEqual({
      user_alias: { alias_name: '+17625555555', alias_label: 'phone' },
    });
  });

  it('follows the configured precedence and alias label', () => {
    expect(identifierOf(seed(), { identifiers: ['phone'] })).toStrictEqual({
      phone: '+17625555555',
    });
    expect(identifierOf(seed(), { identifiers: ['email', 'external_id'] })).toStrictEqual({
      email: 'xxx@gmail.com',
    });
    expect(
      identifierOf(seed(), { identifiers: ['phone_alias'], phoneAliasLabel: 'regal_phone' }),
    ).toStrictEqual({
      user_alias: { alias_name: '+17625555555', alias_label: 'regal_phone' },
    });
  });

  it('skips an unusable identifier for the next one', () => {
    expect(
      identifierOf({
        ...seed(),
        userId: '  ',
        traits: { email: 'not-an-email', phone: '+17625555555' },
      }),
    ).toStrictEqual({ user_alias: { alias_name: '+17625555555', alias_label: 'phone' } });
  });

  it('turns a numeric userId into a string, and normalises phone punctuation', () => {
    expect(identifierOf({ ...seed(), userId: 123 })).toStrictEqual({ external_id: '123' });
    expect(identifierOf(seed(), { identifiers: ['phone'] })).toStrictEqual({
      phone: '+17625555555',
    });
    const spaced = { ...seed(), traits: { phone: '+1 (762) 555-5555' } };
    expect(identifierOf(spaced, { identifiers: ['phone'] })).toStrictEqual({
      phone: '+17625555555',
    });
  });

  it('falls back to properties.contact_phone when traits has no phone', () => {
    const event = { ...seed(), userId: undefined, traits: {} };
    expect(identifierOf(event)).toStrictEqual({
      user_alias: { alias_name: '+17625555555', alias_label: 'phone' },
    });
  });

  it('reads the snake_case variant envelope (external_id, contact_email, contact_phone)', () => {
    const variant = fixture('call.analysis.available');
    expect(identifierOf(variant)).toStrictEqual({ external_id: '123' });
    expect(identifierOf(variant, { identifiers: ['email'] })).toStrictEqual({
      email: 'xxx@gmail.com',
    });
    expect(identifierOf(fixture('voicemail.completed'))).toStrictEqual({
      user_alias: { alias_name: '+17625555555', alias_label: 'phone' },
    });
  });

  it('refuses an event with no usable identifier, saying why for each candidate', () => {
    const event = { ...seed(), userId: undefined, traits: { phone: '7625555555' }, properties: {} };
    expect(() => transformRegalEvent(event)).toThrow(
      'Invalid Regal call.completed event: no usable Braze identifier (external_id: userId is missing; email: traits.email is missing; phone_alias: traits.phone is not an E.164 phone number)',
    );
    expect(() => transformRegalEvent(seed(), { identifiers: ['email'] })).not.toThrow();
    expect(() =>
      transformRegalEvent({ ...seed(), traits: {} }, { identifiers: ['email'] }),
    ).toThrow('no usable Braze identifier (email: traits.email is missing)');
  });
});
