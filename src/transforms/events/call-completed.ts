import type { UsersTrackEventsRequest } from '../users-track/users-track.js';
import { eventBody } from '../core/event-body.js';
import { parsePayload } from '../core/parse.js';
import {
  resolveTransformOptions,
  type ResolvedTransformOptions,
  type TransformOptions,
} from '../options.js';
import { callCompletedEventSchema } from '../schemas/call-completed.js';

/** @internal {@link callCompleted} with options already resolved. */
export function mapCallCompleted(
  event: unknown,
  options: ResolvedTransformOptions,
): UsersTrackEventsRequest {
  return eventBody(parsePayload(callCompletedEventSchema, event), options);
}

/**
 * Maps a Regal `call.completed` event to a Braze custom event (`"Call Completed"` by default)
 * carrying the call's properties, timed by `originalTimestamp`.
 *
 * @param event - the webhook's parsed JSON (validated here: `unknown` is fine).
 * @param options - see {@link TransformOptions}.
 * @throws {@link PayloadError} when the event is invalid, names another event, has no usable
 * identifier or no usable time.
 *
 * @example
 * ```ts
 * import { callCompleted } from 'regal-braze/transforms';
 *
 * const body = callCompleted(await request.json());
 * // { events: [{ external_id: '123', _update_existing_only: false, name: 'Call Completed',
 * //   time: '2022-07-15T03:17:39.000Z', properties: { disposition: 'Converted During Convo', … } }] }
 * ```
 */
export function callCompleted(event: unknown, options?: TransformOptions): UsersTrackEventsRequest {
  return mapCallCompleted(event, resolveTransformOptions(options));
}
