import type { UsersTrackRequest } from '../users-track/users-track.js';
import type { ResolvedTransformOptions } from '../options.js';
import { isRecord } from '../../common/objects.js';
import { mapCallCompleted } from './call-completed.js';
import { mapContactAttributeEdited } from './contact-attribute-edited.js';
import { mapContactExperimentAssigned } from './contact-experiment-assigned.js';
import { mapContactSubscribed, mapContactUnsubscribed } from './contact-subscription.js';
import { mapOtherEvent } from './other-event.js';

/** A mapping function: a Regal payload and resolved options in, a `/users/track` body out. */
export type Mapping = (
  payload: unknown,
  options: ResolvedTransformOptions,
) => UsersTrackRequest | undefined;

/**
 * The Regal events with a mapping of their own, and the name of its function (the Data
 * Transformation names them the same way). Every other event goes to `mapOtherEvent`.
 */
export const MAPPINGS: Readonly<Record<string, Mapping>> = {
  'call.completed': mapCallCompleted,
  'contact.attribute.edited': mapContactAttributeEdited,
  'contact.experiment.assigned': mapContactExperimentAssigned,
  'contact.subscribed': mapContactSubscribed,
  'contact.unsubscribed': mapContactUnsubscribed,
};

// MAPPINGS as a Map: one lookup per payload, and never a key of Object.prototype.
const MAPPING_BY_NAME: ReadonlyMap<string, Mapping> = new Map(Object.entries(MAPPINGS));

/** Maps any Regal payload: routed on `payload.name` to its mapping, else to `mapOtherEvent`. */
export function mapRegalEvent(
  payload: unknown,
  options: ResolvedTransformOptions,
): UsersTrackRequest | undefined {
  const name = isRecord(payload) ? payload.name : undefined;
  const mapping = typeof name === 'string' ? MAPPING_BY_NAME.get(name) : undefined;
  return (mapping !== undefined ? mapping : mapOtherEvent)(payload, options);
}
