// RegalClient options: defaults, environment fallbacks, and a ValidationError for each bad one.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RegalClient, ValidationError, type RegalClientOptions } from '../../src/index.js';
import { recordPosts, useMsw } from '../support/msw.js';

const server = useMsw();

afterEach(() => vi.unstubAllEnvs());

function constructorError(options: unknown): ValidationError {
  try {
    new RegalClient(options as RegalClientOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected the constructor to throw');
}

describe('RegalClient options', () => {
  it('without apiKey nor REGAL_API_KEY: a ValidationError naming both', () => {
    vi.stubEnv('REGAL_API_KEY', '');
    const error = constructorError({});
    expect(error.target).toBe('RegalClient options');
    expect(error.message).toBe(
      'Invalid RegalClient options: apiKey: is required: pass the apiKey option or set the REGAL_API_KEY environment variable',
    );
    expect(() => new RegalClient()).toThrow(ValidationError);
  });

  it('falls back to REGAL_API_KEY and REGAL_BASE_URL', async () => {
    vi.stubEnv('REGAL_API_KEY', 'env-key-1');
    vi.stubEnv('REGAL_BASE_URL', 'http://127.0.0.1:9999/regal');
    const requests = recordPosts(server, 'http://127.0.0.1:9999/regal/events');
    const regal = new RegalClient();
    expect(regal.baseUrl).toBe('http://127.0.0.1:9999/regal');
    await regal.trackEvent({ userId: 'u', name: 'X' });
    expect(requests[0]?.headers.authorization).toBe('env-key-1');
  });

  it('options win over the environment', () => {
    vi.stubEnv('REGAL_BASE_URL', 'http://127.0.0.1:9');
    const regal = new RegalClient({ apiKey: 'test-api-key', baseUrl: 'https://regal.proxy.test/' });
    expect(regal.baseUrl).toBe('https://regal.proxy.test');
  });

  it('defaults: Regal host, eventSource "braze"', () => {
    vi.stubEnv('REGAL_BASE_URL', '');
    const regal = new RegalClient({ apiKey: 'test-api-key' });
    expect(regal.baseUrl).toBe('https://events.regalvoice.com');
    expect(regal.eventSource).toBe('braze');
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'apiKey with a line break (never echoed)',
      { apiKey: 'abc\ndef' },
      'apiKey: must be a non-empty string of visible ASCII characters (no spaces or line breaks)',
    ],
    [
      'apiKey not a string',
      { apiKey: 123 },
      'apiKey: must be a non-empty string of visible ASCII characters (no spaces or line breaks)',
    ],
    [
      'baseUrl not a URL',
      { baseUrl: 'events.regalvoice.com' },
      'baseUrl: must be an absolute http or https URL',
    ],
    ['baseUrl ftp', { baseUrl: 'ftp://x.test' }, 'baseUrl: must use http or https'],
    [
      'baseUrl with credentials',
      { baseUrl: 'https://user:pw@x.test' },
      'baseUrl: must not contain credentials (user:password@)',
    ],
    [
      'baseUrl with a query',
      { baseUrl: 'https://x.test/?a=1' },
      'baseUrl: must not contain a query string or fragment',
    ],
    ['empty eventSource', { eventSource: '' }, 'eventSource: must be a non-empty string'],
    [
      'unknown defaultCountry',
      { defaultCountry: 'XX' },
      'defaultCountry: must be a supported ISO 3166-1 alpha-2 country code such as "US" or "FR"',
    ],
    [
      'timeout as a string',
      { timeout: '10s' },
      'timeout: must be a number of milliseconds between 1 and 2147483647',
    ],
    [
      'maxRetries 1.5',
      { maxRetries: 1.5 },
      'maxRetries: must be a whole number, 0 or more (0 disables retries)',
    ],
    [
      'maxRequestsPerSecond 0',
      { maxRequestsPerSecond: 0 },
      'maxRequestsPerSecond: must be a whole number, 1 or more, or Infinity (no pacing)',
    ],
    ['fetch not a function', { fetch: {} }, 'fetch: must be a fetch function'],
    ['logger with a bad method', { logger: { warn: 'yes' } }, 'logger.warn: must be a function'],
    [
      'misspelled option',
      { maxRetry: 1 },
      'maxRetry: unknown key (expected apiKey, baseUrl, eventSource, defaultCountry, timeout, maxRetries, maxRequestsPerSecond, fetch, logger)',
    ],
  ])('%s', (_label, options, message) => {
    const error = constructorError({ apiKey: 'valid-key', ...options });
    expect(error.message).toBe(`Invalid RegalClient options: ${message}`);
  });

  it('a bad REGAL_API_KEY is named as such', () => {
    vi.stubEnv('REGAL_API_KEY', 'two words');
    expect(constructorError({}).message).toBe(
      'Invalid RegalClient options: apiKey: REGAL_API_KEY must be a non-empty string of visible ASCII characters (no spaces or line breaks)',
    );
  });

  it('a bad REGAL_BASE_URL is named as such', () => {
    vi.stubEnv('REGAL_BASE_URL', 'ftp://regal.test');
    expect(constructorError({ apiKey: 'regal-test-key' }).message).toBe(
      'Invalid RegalClient options: baseUrl: REGAL_BASE_URL must use http or https',
    );
  });

  it.each([[[]], ['k'], [42]])('options that are not an object (%j) are refused', (options) => {
    expect(constructorError(options).message).toBe(
      'Invalid RegalClient options: must be an object',
    );
  });

  it('accepts Infinity to lift pacing and 0 to turn retries off', () => {
    expect(
      () =>
        new RegalClient({ apiKey: 'test-api-key', maxRequestsPerSecond: Infinity, maxRetries: 0 }),
    ).not.toThrow();
  });
});
