import type { UsersTrackEventsRequest } from '../users-track/users-track.js';
import { eventBody } from '../core/event-body.js';
import { parsePayload } from '../core/parse.js';
import {
  resolveTransformOptions,
  type ResolvedTransformOptions,
  type TransformOptions,
} from '../options.js';
import { contactExperimentAssignedEventSchema } from '../schemas/contact-experiment-assigned.js';

/** @internal {@link contactExperimentAssigned} with options already resolved. */
export function mapContactExperimentAssigned(
  event: unknown,
  options: ResolvedTransformOptions,
): UsersTrackEventsRequest {
  return eventBody(parsePayload(contactExperimentAssignedEventSchema, event), options);
}

/**
 * Maps a Regal `contact.experiment.assigned` event to a Braze custom event
 * (`"Contact Experiment Assigned"` by default) carrying the experiment and its variant, so Braze
 * segments and Canvases can follow Regal's experiments.
 *
 * @param event - the webhook's parsed JSON (validated here: `unknown` is fine).
 * @param options - see {@link TransformOptions}.
 * @throws {@link PayloadError} when the event is invalid or cannot be mapped.
 *
 * @example
 * ```ts
 * const body = contactExperimentAssigned(payload);
 * body.events[0].properties; // { experiment_name: 'Post Call Offer Test', experiment_variant: … }
 * ```
 */
export function contactExperimentAssigned(
  event: unknown,
  options?: TransformOptions,
): UsersTrackEventsRequest {
  return mapContactExperimentAssigned(event, resolveTransformOptions(options));
}
