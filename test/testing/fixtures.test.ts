// regalFixture: exactly the JSON files of src/testing/fixtures, as fresh copies.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { regalEventSchema, ValidationError } from '../../src/index.js';
import {
  REGAL_EVENT_NAMES,
  REGAL_FIXTURE_NAMES,
  regalFixture,
  type RegalFixtureName,
} from '../../src/testing/index.js';

const DIR = new URL('../../src/testing/fixtures/', import.meta.url);
const onDisk = readdirSync(DIR)
  .filter((file) => file.endsWith('.json'))
  .map((file) => file.slice(0, -'.json'.length))
  .sort();

describe('regalFixture', () => {
  it('bundles every JSON file of its folder, and only those (add a new file to regal-fixtures.ts)', () => {
    expect([...REGAL_FIXTURE_NAMES]).toStrictEqual(onDisk);
  });

  it.each(REGAL_FIXTURE_NAMES)('%s is the file, byte for byte once parsed', (name) => {
    const file: unknown = JSON.parse(readFileSync(new URL(`${name}.json`, DIR), 'utf8'));
    expect(regalFixture(name)).toStrictEqual(file);
  });

  it.each(REGAL_FIXTURE_NAMES)('%s is a documented Regal event that passes the schema', (name) => {
    const event = regalFixture(name);
    expect(REGAL_EVENT_NAMES).toContain(event.name);
    expect(event.name).toBe(name);
    expect(regalEventSchema.safeParse(event).success).toBe(true);
  });

  it('returns a fresh copy each time', () => {
    const first = regalFixture('call.completed');
    first.properties!.disposition = 'changed';
    (first.traits as Record<string, unknown>).phone = 'changed';
    expect(regalFixture('call.completed').properties?.disposition).toBe('Converted During Convo');
    expect(regalFixture('call.completed').traits?.phone).toBe('+17625555555');
  });

  it('refuses a name it does not bundle', () => {
    expect(() => regalFixture('call.missed' as RegalFixtureName)).toThrow(
      new ValidationError('regalFixture', [
        {
          path: ['name'],
          message: '"call.missed" is not a bundled fixture (see REGAL_FIXTURE_NAMES)',
        },
      ]),
    );
    expect(() => regalFixture('toString' as RegalFixtureName)).toThrow(ValidationError);
  });
});
