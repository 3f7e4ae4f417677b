import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { isoString } from '../../src/transforms/core/time.js';
import { toIsoTime, transformRegalEvent } from '../../src/transforms/index.js';
import { fixture } from '../support/fixtures.js';

describe('toIsoTime', () => {
  it.each([
    ['1657855059', '2022-07-15T03:17:39.000Z'],
    [1657855059, '2022-07-15T03:17:39.000Z'],
    [' 1657855059 ', '2022-07-15T03:17:39.000Z'],
    ['1657855059.25', '2022-07-15T03:17:39.250Z'],
    [1657855059250, '2022-07-15T03:17:39.250Z'],
    ['1657855059250', '2022-07-15T03:17:39.250Z'],
    ['2022-07-15T03:17:39Z', '2022-07-15T03:17:39.000Z'],
    ['2022-07-15T05:17:39.5+02:00', '2022-07-15T03:17:39.500Z'],
    ['2022-07-14T23:17:39-0400', '2022-07-15T03:17:39.000Z'],
    [0, '1970-01-01T00:00:00.000Z'],
  ])('%j -> %s', (input, expected) => {
    expect(toIsoTime(input)).toBe(expected);
  });

  it.each([
    ['', 'empty'],
    ['yesterday', 'words'],
    ['2022-07-15T03:17:39', 'ISO without a zone (would depend on the host)'],
    ['2022-07-15', 'a date alone'],
    [-1, 'negative'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'infinite'],
    [1e17, 'past year 9999'],
    ['1e9', 'exponent notation'],
    [null, 'null'],
    [{}, 'an object'],
  ])('%j is unusable (%s)', (input, _why) => {
    expect(toIsoTime(input)).toBeUndefined();
  });
});

describe('event time', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('refuses an event without time, or with an unusable one', () => {
    const event = fixture('sms.sent');
    delete event.originalTimestamp;
    expect(() => transformRegalEvent(event)).toThrow(
      'Invalid Regal sms.sent event: originalTimestamp: is required to time the Braze event (or set the missingTime option to "now")',
    );
    expect(() =>
      transformRegalEvent({ ...fixture('sms.sent'), originalTimestamp: 'soon' }),
    ).toThrow(
      'Invalid Regal sms.sent event: originalTimestamp: is not a usable time: expected Unix seconds or milliseconds, or ISO 8601 with a zone',
    );
  });

  it('uses the clock only when told to, and only when the event has no time', () => {
    vi.useFakeTimers({ now: new Date('2026-11-28T12:00:00Z') });
    const event = fixture('sms.sent');
    delete event.originalTimestamp;
    expect(transformRegalEvent(event, { missingTime: 'now' })!.events![0]!.time).toBe(
      '2026-11-28T12:00:00.000Z',
    );
    expect(transformRegalEvent(fixture('sms.sent'), { missingTime: 'now' })!.events![0]!.time).toBe(
      '2022-07-15T03:33:20.000Z',
    );
  });

  it('does not need a time for attribute updates', () => {
    const event = fixture('contact.attribute.edited');
    delete event.originalTimestamp;
    expect(transformRegalEvent(event)).toStrictEqual({
      attributes: [{ external_id: '123', _update_existing_only: false, annual_income: '300,000' }],
    });
  });
});

describe('isoString, the fast toISOString', () => {
  it('writes exactly what Date#toISOString writes, from 1970 to 9999', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: 0, max: 253_402_300_799_999 }),
          fc.double({ min: 0, max: 253_402_300_799_999, noNaN: true }),
          fc.constantFrom(
            0,
            951_782_400_000,
            4_107_542_399_999,
            253_402_300_799_999,
            1_657_855_059_999.9,
          ),
        ),
        (ms) => {
          expect(isoString(ms)).toBe(new Date(ms).toISOString());
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('writes the same text for runs of instants of one day, and across days', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 253_402_300_799_999 - 2 * 86_400_000 }),
        fc.array(fc.integer({ min: 0, max: 2 * 86_400_000 }), { minLength: 1, maxLength: 20 }),
        (start, offsets) => {
          for (const offset of offsets) {
            expect(isoString(start + offset)).toBe(new Date(start + offset).toISOString());
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('refuses ISO text outside that range', () => {
    expect(toIsoTime('1969-12-31T23:59:59Z')).toBeUndefined();
    expect(toIsoTime('9999-12-31T23:59:59-05:00')).toBeUndefined();
    expect(toIsoTime('9999-12-31T23:59:59Z')).toBe('9999-12-31T23:59:59.000Z');
  });
});
