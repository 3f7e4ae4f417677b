import { describe, expect, it } from 'vitest';
import {
  backoffDelayMs,
  isRetryableStatus,
  parseRateLimitReset,
  parseRetryAfter,
} from '../../src/http/retry.js';

describe('isRetryableStatus', () => {
  it.each([408, 429, 500, 502, 503, 504, 599])('retries %i', (status) => {
    expect(isRetryableStatus(status)).toBe(true);
  });
  it.each([200, 400, 401, 403, 404, 409, 413, 422])('does not retry %i', (status) => {
    expect(isRetryableStatus(status)).toBe(false);
  });
});

describe('backoffDelayMs', () => {
  it('doubles from 0.5 s up to 8 s without jitter (random = 0)', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map((retry) => backoffDelayMs(retry, () => 0))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
  });
  it('removes at most 25 % as jitter', () => {
    expect(backoffDelayMs(0, () => 0.999999)).toBe(375);
    expect(backoffDelayMs(4, () => 0.5)).toBe(7000);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2024-05-01T12:00:00Z');
  const headers = (init: Record<string, string>) => new Headers(init);

  it('reads seconds, decimals included', () => {
    expect(parseRetryAfter(headers({ 'retry-after': '0' }), now)).toBe(0);
    expect(parseRetryAfter(headers({ 'retry-after': '2' }), now)).toBe(2000);
    expect(parseRetryAfter(headers({ 'retry-after': ' 1.5 ' }), now)).toBe(1500);
  });
  it('reads an HTTP date relative to now; a past date means now', () => {
    expect(parseRetryAfter(headers({ 'retry-after': 'Wed, 01 May 2024 12:00:03 GMT' }), now)).toBe(
      3000,
    );
    expect(parseRetryAfter(headers({ 'retry-after': 'Wed, 01 May 2024 11:00:00 GMT' }), now)).toBe(
      0,
    );
  });
  it('prefers retry-after-ms', () => {
    expect(parseRetryAfter(headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now)).toBe(
      250,
    );
  });
  it('returns undefined when absent or unreadable', () => {
    expect(parseRetryAfter(headers({}), now)).toBeUndefined();
    expect(parseRetryAfter(headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(parseRetryAfter(headers({ 'retry-after': '-1' }), now)).toBeUndefined();
  });
});

describe('parseRateLimitReset', () => {
  it('turns the epoch second of the reset into a wait from now', () => {
    const now = 1_714_564_800_250;
    expect(parseRateLimitReset(new Headers({ 'x-ratelimit-reset': '1714564802' }), now)).toBe(1750);
    expect(parseRateLimitReset(new Headers({ 'x-ratelimit-reset': '1714564700' }), now)).toBe(0);
    expect(parseRateLimitReset(new Headers({}), now)).toBeUndefined();
  });
});
