import { ValidationError, type Issue } from '../errors/index.js';
import { isRecord } from '../shared/objects.js';
import type { UsersTrackRequest } from '../transforms/users-track/users-track.js';
import { validateUsersTrack } from '../transforms/users-track/validate-users-track.js';
import { TRACK_ARRAYS } from './track-result.js';

const KNOWN_FIELDS: ReadonlySet<string> = new Set(TRACK_ARRAYS);

/**
 * Checks one body; pushes issues with paths prefixed by `prefix`. Objects are checked one at a
 * time with {@link validateUsersTrack} (so the 75-per-array limit, which `track` handles by
 * splitting, does not apply), their issue paths mapped back to the caller's indexes.
 */
function checkBody(body: unknown, prefix: readonly number[], issues: Issue[]): void {
  if (!isRecord(body)) {
    issues.push({ path: prefix, message: 'must be a /users/track body (an object)' });
    return;
  }
  let objects = 0;
  const before = issues.length;
  for (const key of Object.keys(body)) {
    if (!KNOWN_FIELDS.has(key)) {
      issues.push({
        path: [...prefix, key],
        message: 'is not a /users/track field (attributes, events, purchases)',
      });
    }
  }
  for (const array of TRACK_ARRAYS) {
    const list = body[array];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      issues.push({ path: [...prefix, array], message: 'must be an array' });
      continue;
    }
    objects += list.length;
    for (let index = 0; index < list.length; index++) {
      for (const issue of validateUsersTrack({ [array]: [list[index]] })) {
        // validateUsersTrack saw the object at [array, 0]: put back the caller's index.
        issues.push({
          path: [...prefix, array, index, ...issue.path.slice(2)],
          message: issue.message,
        });
      }
    }
  }
  if (objects === 0 && issues.length === before) {
    issues.push({ path: prefix, message: 'has no attributes, events or purchases' });
  }
}

/**
 * Internal: validates the input of `BrazeClient.track` (one body or a non-empty array of
 * bodies) and returns it as a list of bodies.
 * @throws {@link ValidationError} (target `"track"`) listing every problem with its path.
 */
export function checkTrackInput(input: unknown): readonly UsersTrackRequest[] {
  const issues: Issue[] = [];
  let bodies: readonly unknown[];
  if (Array.isArray(input)) {
    if (input.length === 0) {
      throw new ValidationError('track', [{ path: [], message: 'is an empty array of bodies' }]);
    }
    bodies = input;
    bodies.forEach((body, index) => checkBody(body, [index], issues));
  } else {
    bodies = [input];
    checkBody(input, [], issues);
  }
  if (issues.length > 0) throw new ValidationError('track', issues);
  return bodies as readonly UsersTrackRequest[];
}
