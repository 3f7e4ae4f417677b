// One test per rule, each with a body that breaks only that rule.
import { describe, expect, it } from 'vitest';
import { validateUsersTrack } from '../../src/transforms/index.js';

const event = { external_id: 'u1', name: 'Call Completed', time: '2022-07-15T03:17:39.000Z' };
const attributes = { external_id: 'u1', plan: 'gold' };
const purchase = {
  external_id: 'u1',
  product_id: 'p',
  currency: 'USD',
  price: 9.5,
  time: '2022-07-15T03:17:39Z',
};

describe('validateUsersTrack', () => {
  it('accepts a valid body of every kind', () => {
    expect(
      validateUsersTrack({ attributes: [attributes], events: [event], purchases: [purchase] }),
    ).toStrictEqual([]);
    expect(validateUsersTrack({ attributes: [{ email: 'a@b.co', plan: 'x' }] })).toStrictEqual([]);
    expect(
      validateUsersTrack({
        attributes: [{ external_id: 'u1', email: null, phone: '+15550001111' }],
      }),
    ).toStrictEqual([]);
  });

  it('refuses a body that is not an object, or is empty', () => {
    expect(validateUsersTrack([])).toStrictEqual([{ path: [], message: 'must be an object' }]);
    expect(validateUsersTrack({})).toStrictEqual([
      { path: [], message: 'has no attributes, events or purchases' },
    ]);
  });

  it('refuses unknown top-level fields', () => {
    expect(validateUsersTrack({ events: [event], users: [] })).toStrictEqual([
      { path: ['users'], message: 'is not a /users/track field (attributes, events, purchases)' },
    ]);
  });

  it('refuses more than 75 objects in all by default', () => {
    const body = { events: Array(40).fill(event), attributes: Array(36).fill(attributes) };
    const message =
      'has 76 objects; Braze accepts at most 75 per request in all (request limit "75-combined")';
    expect(validateUsersTrack(body)).toStrictEqual([{ path: [], message }]);
    expect(validateUsersTrack(body, { requestLimit: '75-combined' })).toStrictEqual([
      { path: [], message },
    ]);
    expect(validateUsersTrack({ events: Array(76).fill(event) })).toStrictEqual([
      { path: [], message },
    ]);
    body.attributes.pop();
    expect(validateUsersTrack(body)).toStrictEqual([]);
  });

  it("requestLimit '50-combined': refuses more than 50 objects in all", () => {
    const body = { events: Array(30).fill(event), attributes: Array(21).fill(attributes) };
    expect(validateUsersTrack(body, { requestLimit: '50-combined' })).toStrictEqual([
      {
        path: [],
        message:
          'has 51 objects; Braze accepts at most 50 per request in all (request limit "50-combined")',
      },
    ]);
    body.attributes.pop();
    expect(validateUsersTrack(body, { requestLimit: '50-combined' })).toStrictEqual([]);
  });

  it("requestLimit '75-per-array': refuses more than 75 objects in one array", () => {
    const full = { events: Array(75).fill(event), attributes: Array(75).fill(attributes) };
    expect(validateUsersTrack(full, { requestLimit: '75-per-array' })).toStrictEqual([]);
    expect(
      validateUsersTrack(
        { ...full, events: Array(76).fill(event) },
        { requestLimit: '75-per-array' },
      ),
    ).toStrictEqual([
      {
        path: ['events'],
        message:
          'has 76 objects; Braze accepts at most 75 per array per request (request limit "75-per-array")',
      },
    ]);
  });

  it('throws a ValidationError for an unknown requestLimit', () => {
    expect(() => validateUsersTrack({ events: [event] }, { requestLimit: '75' as never })).toThrow(
      'Invalid validateUsersTrack options: requestLimit: must be one of "75-combined", "50-combined", "75-per-array"',
    );
  });

  it('refuses an object with no identifier', () => {
    expect(validateUsersTrack({ events: [{ name: 'X', time: event.time }] })).toStrictEqual([
      {
        path: ['events', 0],
        message: 'has no identifier (one of external_id, user_alias, braze_id, email, phone)',
      },
    ]);
  });

  it('refuses an object with two identifiers', () => {
    expect(validateUsersTrack({ events: [{ ...event, braze_id: 'b1' }] })).toStrictEqual([
      { path: ['events', 0], message: 'has more than one identifier (external_id, braze_id)' },
    ]);
    expect(validateUsersTrack({ events: [{ ...event, email: 'a@b.co' }] })).toStrictEqual([
      { path: ['events', 0], message: 'has more than one identifier (external_id, email)' },
    ]);
  });

  it('refuses a malformed identifier', () => {
    expect(validateUsersTrack({ events: [{ ...event, external_id: '' }] })).toStrictEqual([
      { path: ['events', 0, 'external_id'], message: 'must be a non-empty string' },
    ]);
    const { external_id: _, ...anonymous } = event;
    expect(
      validateUsersTrack({ events: [{ ...anonymous, user_alias: { alias_name: 'x' } }] }),
    ).toStrictEqual([
      {
        path: ['events', 0, 'user_alias'],
        message: 'must be { alias_name, alias_label }, both non-empty strings',
      },
    ]);
  });

  it('refuses a non-boolean _update_existing_only', () => {
    expect(
      validateUsersTrack({ events: [{ ...event, _update_existing_only: 'false' }] }),
    ).toStrictEqual([
      { path: ['events', 0, '_update_existing_only'], message: 'must be a boolean' },
    ]);
  });

  it('refuses an event without a name', () => {
    expect(validateUsersTrack({ events: [{ ...event, name: ' ' }] })).toStrictEqual([
      { path: ['events', 0, 'name'], message: 'must be a non-empty string' },
    ]);
  });

  it('refuses a missing or non-ISO time', () => {
    expect(validateUsersTrack({ events: [{ ...event, time: 1657855059 }] })).toStrictEqual([
      { path: ['events', 0, 'time'], message: 'must be an ISO 8601 time' },
    ]);
    expect(
      validateUsersTrack({ events: [{ ...event, time: '2022-13-45T99:00:00Z' }] }),
    ).toStrictEqual([{ path: ['events', 0, 'time'], message: 'must be an ISO 8601 time' }]);
  });

  it('refuses reserved event property keys', () => {
    expect(validateUsersTrack({ events: [{ ...event, properties: { time: 'x' } }] })).toStrictEqual(
      [
        {
          path: ['events', 0, 'properties', 'time'],
          message: '"time" is reserved by Braze as a property key',
        },
      ],
    );
  });

  it('refuses keys starting with $', () => {
    expect(validateUsersTrack({ attributes: [{ ...attributes, $plan: 'x' }] })).toStrictEqual([
      { path: ['attributes', 0, '$plan'], message: 'key starts with "$", which Braze reserves' },
    ]);
  });

  it('refuses nested keys with dots or whitespace', () => {
    expect(
      validateUsersTrack({ attributes: [{ ...attributes, car: { 'model year': 2020 } }] }),
    ).toStrictEqual([
      {
        path: ['attributes', 0, 'car', 'model year'],
        message: 'nested key contains "." or whitespace',
      },
    ]);
  });

  it('refuses strings over 255 characters', () => {
    expect(
      validateUsersTrack({ events: [{ ...event, properties: { notes: 'x'.repeat(256) } }] }),
    ).toStrictEqual([
      {
        path: ['events', 0, 'properties', 'notes'],
        message: 'string is longer than 255 characters',
      },
    ]);
  });

  it('refuses a value over 100 KB', () => {
    const big = Array.from({ length: 450 }, () => 'x'.repeat(250));
    expect(validateUsersTrack({ attributes: [{ ...attributes, big }] })).toStrictEqual([
      { path: ['attributes', 0, 'big'], message: 'is larger than 100 KB' },
    ]);
  });

  it('refuses malformed subscription fields', () => {
    expect(
      validateUsersTrack({
        attributes: [
          {
            ...attributes,
            subscription_groups: [{ subscription_group_id: 'g', subscription_state: 'opted_in' }],
          },
        ],
      }),
    ).toStrictEqual([
      {
        path: ['attributes', 0, 'subscription_groups'],
        message:
          'must be [{ subscription_group_id, subscription_state: "subscribed" | "unsubscribed" }]',
      },
    ]);
    expect(
      validateUsersTrack({ attributes: [{ ...attributes, email_subscribe: 'yes' }] }),
    ).toStrictEqual([
      {
        path: ['attributes', 0, 'email_subscribe'],
        message: 'must be "opted_in", "subscribed" or "unsubscribed"',
      },
    ]);
  });

  it('refuses a purchase without product, currency or price', () => {
    expect(validateUsersTrack({ purchases: [{ ...purchase, price: '9.50' }] })).toStrictEqual([
      { path: ['purchases', 0, 'price'], message: 'must be a number' },
    ]);
  });
});
