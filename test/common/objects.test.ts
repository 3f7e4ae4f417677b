// The two meanings of "an object" in the SDK.
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { isPlainObject, isRecord } from '../../src/common/objects.js';

class Point {
  x = 1;
}

describe('isPlainObject and isRecord', () => {
  it.each<[string, unknown, boolean, boolean]>([
    ['an object literal', { a: 1 }, true, true],
    ['a null-prototype object', Object.create(null), true, true],
    ['an object of another realm', runInNewContext('({ a: 1 })'), true, true],
    ['JSON with a __proto__ key', JSON.parse('{"__proto__": {"a": 1}}'), true, true],
    ['a class instance', new Point(), false, true],
    ['a Date', new Date(0), false, true],
    ['a Map', new Map(), false, true],
    ['an array', [1], false, false],
    ['an array of another realm', runInNewContext('[1]'), false, false],
    ['null', null, false, false],
    ['a string', 'a', false, false],
    ['a function', () => 1, false, false],
  ])('%s', (_label, value, plain, record) => {
    expect(isPlainObject(value)).toBe(plain);
    expect(isRecord(value)).toBe(record);
  });
});
