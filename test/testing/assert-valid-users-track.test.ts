// assertValidUsersTrack throws with every problem validateUsersTrack finds (whose rules are
// tested one by one in test/transforms/validate-users-track.test.ts).
import { describe, expect, it } from 'vitest';
import * as transforms from '../../src/transforms/index.js';
import { assertValidUsersTrack, validateUsersTrack } from '../../src/testing/index.js';
import { RegalBrazeError, ValidationError } from '../../src/index.js';

const event = { external_id: 'u1', name: 'Call Completed', time: '2022-07-15T03:17:39.000Z' };

function thrownBy(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('assertValidUsersTrack', () => {
  it('returns quietly for a body Braze accepts', () => {
    expect(assertValidUsersTrack({ events: [event] })).toBeUndefined();
  });

  it('throws a ValidationError listing every problem, with paths', () => {
    const error = thrownBy(() =>
      assertValidUsersTrack({
        events: [{ name: 'Call Completed', time: 'yesterday', properties: { $x: 1 } }, event],
      }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toBeInstanceOf(RegalBrazeError);
    expect((error as ValidationError).target).toBe('Braze /users/track body');
    expect((error as ValidationError).issues).toStrictEqual([
      {
        path: ['events', 0],
        message: 'has no identifier (one of external_id, user_alias, braze_id, email, phone)',
      },
      { path: ['events', 0, 'time'], message: 'must be an ISO 8601 time' },
      {
        path: ['events', 0, 'properties', '$x'],
        message: 'key starts with "$", which Braze reserves',
      },
    ]);
    expect((error as Error).message).toBe(
      'Invalid Braze /users/track body input: events[0]: has no identifier (one of external_id, ' +
        'user_alias, braze_id, email, phone); events[0].time: must be an ISO 8601 time; ' +
        'events[0].properties.$x: key starts with "$", which Braze reserves',
    );
  });

  it('throws for undefined, as for a transform that mapped nothing', () => {
    expect(() => assertValidUsersTrack(undefined)).toThrow(
      'Invalid Braze /users/track body input: must be an object',
    );
  });

  it('passes options through (requestLimit)', () => {
    const body = { events: Array.from({ length: 51 }, () => event) };
    expect(() => assertValidUsersTrack(body)).not.toThrow();
    expect(() => assertValidUsersTrack(body, { requestLimit: '50-combined' })).toThrow(
      'has 51 objects; Braze accepts at most 50 per request in all (request limit "50-combined")',
    );
  });

  it('re-exports the very validator the transforms use', () => {
    expect(validateUsersTrack).toBe(transforms.validateUsersTrack);
  });
});
