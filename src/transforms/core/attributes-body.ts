import { PayloadError, type Issue } from '../../errors/index.js';
import type { BrazeAttributes, UsersTrackAttributesRequest } from '../users-track/users-track.js';
import type { ResolvedTransformOptions } from '../options.js';
import type { RegalEvent } from '../schemas/envelope.js';
import { identify, type Identity } from './identity.js';

/**
 * Builds a one-object attributes body: identifier and `_update_existing_only` first, then
 * whatever `fill` adds. `fill` reports problems into `issues` instead of throwing, so that every
 * problem of the event is listed at once.
 * @throws {@link PayloadError} listing every problem found.
 */
export function attributesBody(
  event: RegalEvent,
  options: ResolvedTransformOptions,
  defaultUpdateExistingOnly: boolean,
  fill: (attributes: BrazeAttributes, identity: Identity, issues: Issue[]) => void,
): UsersTrackAttributesRequest {
  const issues: Issue[] = [];
  const identity = identify(event, options, issues);
  if (identity === undefined) throw new PayloadError(issues, event.name);
  // Object.assign, not spread: V8 makes a spread copy slow to extend.
  const attributes = Object.assign({}, identity.identifier) as BrazeAttributes;
  attributes._update_existing_only = options.updateExistingOnly ?? defaultUpdateExistingOnly;
  fill(attributes, identity, issues);
  if (issues.length > 0) throw new PayloadError(issues, event.name);
  return { attributes: [attributes] };
}
