import { ValidationError } from '../../errors/index.js';
import {
  validateUsersTrack,
  type UsersTrackRequest,
  type ValidateUsersTrackOptions,
} from '../../transforms/index.js';

/**
 * Throws when Braze would reject `body`, listing every problem {@link validateUsersTrack}
 * finds: a missing or doubled identifier, more objects than the request limit (by default 75 in
 * all), reserved or `$`
 * keys, strings over 255 characters, a bad `time`… Works in any test runner (it throws a plain
 * error, no matcher needed) and narrows `body` to {@link UsersTrackRequest}.
 *
 * @param body - a `/users/track` body, e.g. what your code sent to Braze.
 * @param options - `requestLimit`: how the workspace counts the objects of one request
 * (`'75-combined'` by default, `'50-combined'`, `'75-per-array'`).
 * @throws {@link ValidationError} with target `Braze /users/track body` and one issue per
 * problem (`error.issues`), each with its path in the body.
 *
 * @example
 * ```ts
 * import { assertValidUsersTrack } from 'regal-braze/testing';
 *
 * assertValidUsersTrack({ events: [{ name: 'Call Completed', time: 'yesterday' }] });
 * // ValidationError: Invalid Braze /users/track body input: events[0]: has no identifier (…);
 * //   events[0].time: must be an ISO 8601 time
 * ```
 */
export function assertValidUsersTrack(
  body: unknown,
  options?: ValidateUsersTrackOptions,
): asserts body is UsersTrackRequest {
  const issues = validateUsersTrack(body, options);
  if (issues.length > 0) throw new ValidationError('Braze /users/track body', issues);
}
