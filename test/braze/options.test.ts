// BrazeClient options: environment fallbacks, instance names, and a ValidationError naming the
// option (and its environment variable) for each bad one.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  BRAZE_INSTANCES,
  BrazeClient,
  ValidationError,
  type BrazeClientOptions,
} from '../../src/index.js';
import { recordPosts, useMsw } from '../support/msw.js';

const server = useMsw();

afterEach(() => vi.unstubAllEnvs());

function constructorError(options: unknown): ValidationError {
  try {
    new BrazeClient(options as BrazeClientOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected the constructor to throw');
}

describe('BrazeClient options', () => {
  it('without apiKey nor restEndpoint: one ValidationError naming both options and env vars', () => {
    vi.stubEnv('BRAZE_API_KEY', '');
    vi.stubEnv('BRAZE_REST_ENDPOINT', '');
    const error = constructorError({});
    expect(error.target).toBe('BrazeClient options');
    expect(error.message).toBe(
      'Invalid BrazeClient options: apiKey: is required: pass the apiKey option or set the BRAZE_API_KEY environment variable; restEndpoint: is required: pass the restEndpoint option or set the BRAZE_REST_ENDPOINT environment variable (an instance name such as "US-01" or a URL)',
    );
    expect(() => new BrazeClient()).toThrow(ValidationError);
  });

  it('falls back to BRAZE_API_KEY and BRAZE_REST_ENDPOINT', async () => {
    vi.stubEnv('BRAZE_API_KEY', 'env-braze-key');
    vi.stubEnv('BRAZE_REST_ENDPOINT', 'http://127.0.0.1:9999/braze/');
    const requests = recordPosts(server, 'http://127.0.0.1:9999/braze/users/track', () =>
      Response.json({ message: 'success' }, { status: 201 }),
    );
    const braze = new BrazeClient();
    expect(braze.restEndpoint).toBe('http://127.0.0.1:9999/braze');
    await braze.track({ events: [{ external_id: 'u', name: 'X', time: '2024-01-01T00:00:00Z' }] });
    expect(requests[0]?.headers.authorization).toBe('Bearer env-braze-key');
  });

  it('options win over the environment', () => {
    vi.stubEnv('BRAZE_REST_ENDPOINT', 'US-02');
    expect(new BrazeClient({ apiKey: 'test-api-key', restEndpoint: 'EU-01' }).restEndpoint).toBe(
      'https://rest.fra-01.braze.eu',
    );
  });

  it.each([
    ['US-01', 'https://rest.iad-01.braze.com'],
    ['us-08', 'https://rest.iad-08.braze.com'],
    ['US-10', 'https://rest.us-10.braze.com'],
    ['EU-01', 'https://rest.fra-01.braze.eu'],
    ['eu-02', 'https://rest.fra-02.braze.eu'],
    ['AU-01', 'https://rest.au-01.braze.com'],
    [' US-05 ', 'https://rest.iad-05.braze.com'],
    ['https://rest.iad-07.braze.com/', 'https://rest.iad-07.braze.com'],
    ['http://127.0.0.1:8080/proxy/braze', 'http://127.0.0.1:8080/proxy/braze'],
  ])('restEndpoint %j -> %s', (restEndpoint, url) => {
    expect(new BrazeClient({ apiKey: 'test-api-key', restEndpoint }).restEndpoint).toBe(url);
  });

  it('knows every US instance from US-01 to US-10, EU-01, EU-02 and AU-01', () => {
    for (let n = 1; n <= 10; n++) {
      expect(BRAZE_INSTANCES[`US-${String(n).padStart(2, '0')}`]).toMatch(/^https:\/\/rest\./);
    }
    expect(Object.keys(BRAZE_INSTANCES)).toEqual(
      expect.arrayContaining(['EU-01', 'EU-02', 'AU-01']),
    );
  });

  it('defaults: 75 objects per request in all, 4 requests in flight', () => {
    const braze = new BrazeClient({ apiKey: 'test-api-key', restEndpoint: 'US-01' });
    expect(braze.requestLimit).toBe('75-combined');
    expect(braze.maxObjectsPerRequest).toBe(75);
    expect(braze.requestLimits).toStrictEqual({ perArray: 75, total: 75, bytes: 4_000_000 });
    expect(braze.maxConcurrentRequests).toBe(4);
  });

  it.each([
    ['75-combined', undefined, { perArray: 75, total: 75 }],
    ['50-combined', undefined, { perArray: 50, total: 50 }],
    ['75-per-array', undefined, { perArray: 75, total: Number.POSITIVE_INFINITY }],
    ['75-combined', 10, { perArray: 10, total: 10 }],
    ['75-per-array', 10, { perArray: 10, total: Number.POSITIVE_INFINITY }],
  ] as const)('requestLimit %s, maxObjectsPerRequest %s', (rule, max, limits) => {
    const braze = new BrazeClient({
      apiKey: 'test-api-key',
      restEndpoint: 'US-01',
      requestLimit: rule,
      ...(max === undefined ? {} : { maxObjectsPerRequest: max }),
    });
    expect(braze.requestLimit).toBe(rule);
    expect(braze.maxObjectsPerRequest).toBe(max ?? limits.perArray);
    expect(braze.requestLimits).toStrictEqual({ ...limits, bytes: 4_000_000 });
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'unknown instance',
      { restEndpoint: 'US-11' },
      'restEndpoint: is not a known Braze instance (US-01, US-02, US-03, US-04, US-05, US-06, US-07, US-08, US-09, US-10, EU-01, EU-02, AU-01, ID-01, JP-01); pass the REST endpoint URL instead',
    ],
    [
      'a host without scheme',
      { restEndpoint: 'rest.iad-01.braze.com' },
      'restEndpoint: must be an absolute http or https URL',
    ],
    ['ftp URL', { restEndpoint: 'ftp://x.test' }, 'restEndpoint: must use http or https'],
    [
      'URL with credentials',
      { restEndpoint: 'https://u:p@x.test' },
      'restEndpoint: must not contain credentials (user:password@)',
    ],
    [
      'apiKey with a line break (never echoed)',
      { apiKey: 'abc\ndef' },
      'apiKey: must be a non-empty string of visible ASCII characters (no spaces or line breaks)',
    ],
    [
      'maxObjectsPerRequest 76',
      { maxObjectsPerRequest: 76 },
      'maxObjectsPerRequest: must be a whole number from 1 to 75',
    ],
    [
      'maxObjectsPerRequest 0',
      { maxObjectsPerRequest: 0 },
      'maxObjectsPerRequest: must be a whole number from 1 to 75',
    ],
    [
      'requestLimit "75"',
      { requestLimit: '75' },
      'requestLimit: must be one of "75-combined", "50-combined", "75-per-array"',
    ],
    [
      'maxObjectsPerRequest 51 with requestLimit "50-combined"',
      { requestLimit: '50-combined', maxObjectsPerRequest: 51 },
      'maxObjectsPerRequest: must be a whole number from 1 to 50',
    ],
    [
      'maxConcurrentRequests 0',
      { maxConcurrentRequests: 0 },
      'maxConcurrentRequests: must be a whole number, 1 or more',
    ],
    [
      'timeout -1',
      { timeout: -1 },
      'timeout: must be a number of milliseconds between 1 and 2147483647',
    ],
    [
      'maxRetries "3"',
      { maxRetries: '3' },
      'maxRetries: must be a whole number, 0 or more (0 disables retries)',
    ],
    ['fetch not a function', { fetch: 'fetch' }, 'fetch: must be a fetch function'],
    [
      'misspelled option',
      { endpoint: 'US-01' },
      'endpoint: unknown key (expected apiKey, restEndpoint, timeout, maxRetries, requestLimit, maxObjectsPerRequest, maxConcurrentRequests, maxRequestsPerSecond, fetch, logger)',
    ],
  ])('%s', (_label, options, message) => {
    const error = constructorError({ apiKey: 'valid-key', restEndpoint: 'US-01', ...options });
    expect(error.message).toBe(`Invalid BrazeClient options: ${message}`);
  });

  it('a bad BRAZE_REST_ENDPOINT or BRAZE_API_KEY is named as such', () => {
    vi.stubEnv('BRAZE_REST_ENDPOINT', 'rest.iad-01.braze.com');
    vi.stubEnv('BRAZE_API_KEY', 'two words');
    expect(constructorError({}).message).toBe(
      'Invalid BrazeClient options: apiKey: BRAZE_API_KEY must be a non-empty string of visible ASCII characters (no spaces or line breaks); restEndpoint: BRAZE_REST_ENDPOINT must be an absolute http or https URL',
    );
  });
});
