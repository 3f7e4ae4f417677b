// Every body respects Braze's documented limits; values Braze cannot store are refused with their path.
import { describe, expect, it } from 'vitest';
import {
  brazeKey,
  RESERVED_ATTRIBUTE_KEYS,
  transformRegalEvent,
} from '../../src/transforms/index.js';
import { fixture } from '../support/fixtures.js';

function smsWith(properties: Record<string, unknown>) {
  return { ...fixture('sms.sent'), properties };
}
const propertiesOf = (event: unknown, options = {}) =>
  transformRegalEvent(event, options)!.events![0]!.properties;

describe('Braze limits', () => {
  it('cuts strings at 255 characters without splitting a surrogate pair', () => {
    const emoji = '😀';
    expect(
      propertiesOf(smsWith({ a: 'x'.repeat(300), b: 'y'.repeat(254) + emoji, c: 'z'.repeat(255) })),
    ).toStrictEqual({
      a: 'x'.repeat(255),
      b: 'y'.repeat(254),
      c: 'z'.repeat(255),
    });
  });

  it('cuts strings inside arrays and nested objects too', () => {
    expect(
      propertiesOf(smsWith({ list: ['x'.repeat(300)], nested: { note: 'y'.repeat(300) } })),
    ).toStrictEqual({
      list: ['x'.repeat(255)],
      nested: { note: 'y'.repeat(255) },
    });
  });

  it('drops nulls in objects at any depth, keeps them in place in arrays', () => {
    expect(propertiesOf(smsWith({ a: null, b: { c: null, d: 1 }, e: [null, 1] }))).toStrictEqual({
      b: { d: 1 },
      e: [null, 1],
    });
    expect(propertiesOf(smsWith({ a: null, b: { c: null } }), { keepNulls: true })).toStrictEqual({
      a: null,
      b: { c: null },
    });
  });

  it('refuses a nested value over 100 KB, naming it', () => {
    const big = Array.from({ length: 500 }, () => 'é'.repeat(120));
    expect(() => transformRegalEvent(smsWith({ big }))).toThrow(
      'Invalid Regal sms.sent event: properties.big: is larger than the 100 KB Braze accepts for one value',
    );
  });

  it('refuses values that are not JSON data (from JavaScript callers)', () => {
    expect(() =>
      transformRegalEvent(
        smsWith({ n: Number.NaN, f: () => 1, big: 1n, inf: [Number.POSITIVE_INFINITY] }),
      ),
    ).toThrow(
      'Invalid Regal sms.sent event: properties.n: NaN is not a number Braze can store; properties.f: a function is not a value Braze can store; properties.big: a bigint is not a value Braze can store; properties.inf[0]: Infinity is not a number Braze can store',
    );
  });

  it('turns Date values into ISO text and refuses class instances', () => {
    expect(propertiesOf(smsWith({ at: new Date('2022-07-15T03:17:39Z') }))).toStrictEqual({
      at: '2022-07-15T03:17:39.000Z',
    });
    expect(() => transformRegalEvent(smsWith({ map: new Map() }))).toThrow(
      'properties.map: is not plain JSON data',
    );
  });

  it('refuses data nested deeper than 32 levels instead of overflowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = { d: deep };
    expect(() => transformRegalEvent(smsWith({ deep }))).toThrow(
      'is nested more than 32 levels deep',
    );
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => transformRegalEvent(smsWith({ cyclic }))).toThrow(
      'is nested more than 32 levels deep',
    );
  });

  it('refuses a key longer than 255 characters', () => {
    expect(() => transformRegalEvent(smsWith({ ['k'.repeat(256)]: 1 }))).toThrow(
      'key is longer than 255 characters',
    );
  });
});

describe('brazeKey, the one naming policy', () => {
  it.each([
    ['annual_income', 'annual_income'],
    ['annual income', 'annual income'],
    ['external_id', 'regal_external_id'],
    ['$score', 'regal_score'],
    ['$$', 'regal_'],
    ['', 'regal_'],
    ['plan.tier', 'regal_plan_tier'],
    ['__proto__', 'regal___proto__'],
    ['constructor', 'regal_constructor'],
    ['Email', 'Email'],
  ])('%j -> %j', (key, expected) => {
    expect(brazeKey(key, RESERVED_ATTRIBUTE_KEYS)).toBe(expected);
  });

  it('also replaces whitespace in nested keys', () => {
    expect(brazeKey('zip code', RESERVED_ATTRIBUTE_KEYS, true)).toBe('regal_zip_code');
  });
});
