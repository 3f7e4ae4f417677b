// Time: Braze wants ISO 8601 in UTC; Regal sends Unix seconds (often as a string), sometimes
// milliseconds or ISO text.
import type { Issue } from '../../common/text.js';
import type { RegalEvent } from '../schemas/envelope.js';
import type { ResolvedTransformOptions } from '../options.js';

const NUMERIC = /^\d+(\.\d+)?$/;
// Offsets are required: an ISO time without one would be read in the host's zone.
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
// Below this a number is Unix seconds (up to the year 5138), above it milliseconds.
const SECONDS_UPPER_BOUND = 1e11;
// The last instant toISOString() writes with a four-digit year.
const MAX_DATE_MS = 253_402_300_799_999;

// "00" to "99": the two-digit fields of a time, written once.
const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => (n < 10 ? `0${n}` : `${n}`));

// The last day isoString wrote, and its date part.
const ISO_DAY = { day: Number.NaN, date: '' };

/**
 * `new Date(ms).toISOString()` for 0 <= ms <= MAX_DATE_MS (years 1970-9999): the same text (a test
 * checks it on every kind of instant), a fraction of the cost — Date#toISOString was a fifth of a
 * transform's time, so it writes only the date part, once a day, and the time is worked out here.
 */
export function isoString(ms: number): string {
  const whole = Math.floor(ms);
  const day = Math.floor(whole / 86400000);
  if (day !== ISO_DAY.day) {
    ISO_DAY.date = new Date(day * 86400000).toISOString().slice(0, 11);
    ISO_DAY.day = day;
  }
  const time = whole - day * 86400000;
  const hours = TWO_DIGITS[Math.floor(time / 3600000)] as string;
  const minutes = TWO_DIGITS[Math.floor(time / 60000) % 60] as string;
  const seconds = TWO_DIGITS[Math.floor(time / 1000) % 60] as string;
  const millis = time % 1000;
  const fraction = millis < 100 ? `0${TWO_DIGITS[millis] as string}` : `${millis}`;
  return `${ISO_DAY.date}${hours}:${minutes}:${seconds}.${fraction}Z`;
}

function isoFromNumber(value: number): string | undefined {
  if (!Number.isFinite(value) || value < 0) return undefined;
  const ms = value < SECONDS_UPPER_BOUND ? value * 1000 : value;
  return ms <= MAX_DATE_MS ? isoString(ms) : undefined;
}

/**
 * Converts a Regal time to ISO 8601 UTC: Unix seconds or milliseconds (number or numeric
 * string), or ISO 8601 text with a zone, from 1970 to the end of year 9999. Returns `undefined`
 * for anything else.
 *
 * @example
 * ```ts
 * toIsoTime('1657855059'); // '2022-07-15T03:17:39.000Z'
 * ```
 */
export function toIsoTime(value: unknown): string | undefined {
  if (typeof value === 'number') return isoFromNumber(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (NUMERIC.test(text)) return isoFromNumber(Number(text));
  if (!ISO_WITH_ZONE.test(text)) return undefined;
  const ms = Date.parse(text);
  return ms >= 0 && ms <= MAX_DATE_MS ? isoString(ms) : undefined;
}

/**
 * The time of a Regal event as Braze wants it, from `originalTimestamp` (or the snake_case
 * envelope's `original_timestamp`). Pushes an issue and returns `''` when it is unusable.
 */
export function eventTime(
  event: RegalEvent,
  options: ResolvedTransformOptions,
  issues: Issue[],
): string {
  const key = event.originalTimestamp != null ? 'originalTimestamp' : 'original_timestamp';
  const raw = event[key];
  if (raw == null) {
    if (options.missingTime === 'now') return new Date().toISOString();
    issues.push({
      path: ['originalTimestamp'],
      message: 'is required to time the Braze event (or set the missingTime option to "now")',
    });
    return '';
  }
  const iso = toIsoTime(raw);
  if (iso === undefined) {
    issues.push({
      path: [key],
      message:
        'is not a usable time: expected Unix seconds or milliseconds, or ISO 8601 with a zone',
    });
    return '';
  }
  return iso;
}
