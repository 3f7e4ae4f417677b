import { ValidationError, type Issue } from '../errors/index.js';
import { isRecord } from '../common/objects.js';
import type { UsersTrackRequest } from '../transforms/users-track/users-track.js';
import { objectIssues } from '../transforms/users-track/validate-users-track.js';

/**
 * Checks one body's fields and objects (not the request limit: `track` splits a body over
 * requests); pushes issues with paths prefixed by `prefix`.
 */
function checkBody(body: unknown, prefix: readonly number[], issues: Issue[]): void {
  if (!isRecord(body)) {
    issues.push({ path: prefix, message: 'must be a /users/track body (an object)' });
    return;
  }
  const found: Issue[] = [];
  const counts = objectIssues(body, found);
  for (const issue of found)
    issues.push({ path: [...prefix, ...issue.path], message: issue.message });
  if (counts.attributes + counts.events + counts.purchases === 0 && found.length === 0) {
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
