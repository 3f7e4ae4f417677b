// BrazeClient.track validates every object before sending anything: a ValidationError with the
// caller's paths (not those of the split requests).
import { describe, expect, it } from 'vitest';
import { BrazeClient, ValidationError, type UsersTrackRequest } from '../../src/index.js';
import { recordPosts, useMsw } from '../support/msw.js';

const server = useMsw();
const URL = 'https://rest.iad-01.braze.com/users/track';
const EVENT = { external_id: 'u-1', name: 'Call Completed', time: '2024-05-01T10:00:00Z' };

async function trackError(input: unknown, options?: unknown): Promise<ValidationError> {
  const requests = recordPosts(server, URL);
  const braze = new BrazeClient({ apiKey: 'test-api-key', restEndpoint: 'US-01' });
  const error = await braze.track(input as UsersTrackRequest, options as undefined).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ValidationError);
  expect(requests).toHaveLength(0);
  return error as ValidationError;
}

describe('BrazeClient.track validation', () => {
  it('names each bad object with its path in the body, beyond the first 75', async () => {
    const events = Array.from({ length: 100 }, () => ({ ...EVENT }));
    events[80] = { ...EVENT, time: 'yesterday' };
    const error = await trackError({ events, attributes: [{ plan: 'gold' }] });
    expect(error.target).toBe('track');
    expect(error.issues).toEqual([
      {
        path: ['attributes', 0],
        message: 'has no identifier (one of external_id, user_alias, braze_id, email, phone)',
      },
      { path: ['events', 80, 'time'], message: 'must be an ISO 8601 time' },
    ]);
    expect(error.message).toBe(
      'Invalid track input: attributes[0]: has no identifier (one of external_id, user_alias, braze_id, email, phone); events[80].time: must be an ISO 8601 time',
    );
  });

  it('with an array of bodies, paths start with the body index', async () => {
    const error = await trackError([
      { events: [EVENT] },
      { events: [EVENT, { ...EVENT, properties: { time: 1 } }] },
    ]);
    expect(error.message).toBe(
      'Invalid track input: [1].events[1].properties.time: "time" is reserved by Braze as a property key',
    );
  });

  it.each<[string, unknown, string]>([
    ['not an object', 'events', 'must be a /users/track body (an object)'],
    ['an empty array', [], 'is an empty array of bodies'],
    ['an empty body', {}, 'has no attributes, events or purchases'],
    [
      'an unknown field',
      { events: [EVENT], users: [] },
      'users: is not a /users/track field (attributes, events, purchases)',
    ],
    ['an array field that is not an array', { events: EVENT }, 'events: must be an array'],
    [
      'null in a list of bodies',
      [{ events: [EVENT] }, null],
      '[1]: must be a /users/track body (an object)',
    ],
  ])('%s', async (_label, input, message) => {
    const error = await trackError(input);
    expect(error.message).toBe(`Invalid track input: ${message}`);
  });

  it('bad per-call options are a ValidationError too', async () => {
    const error = await trackError({ events: [EVENT] }, { retries: 2 });
    expect(error.message).toBe(
      'Invalid track options: retries: unknown key (expected signal, timeout or maxRetries)',
    );
  });
});
