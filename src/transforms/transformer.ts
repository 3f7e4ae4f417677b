import type {
  UsersTrackAttributesRequest,
  UsersTrackEventsRequest,
  UsersTrackRequest,
} from './users-track/users-track.js';
import { mapCallCompleted } from './events/call-completed.js';
import { mapContactAttributeEdited } from './events/contact-attribute-edited.js';
import { mapContactExperimentAssigned } from './events/contact-experiment-assigned.js';
import { mapContactSubscribed, mapContactUnsubscribed } from './events/contact-subscription.js';
import { mapRegalEvent } from './events/mappings.js';
import { resolveTransformOptions, type TransformOptions } from './options.js';

/**
 * A function that maps any Regal reporting event to a Braze `/users/track` body, as
 * {@link transformRegalEvent} does, with options checked once when it was created.
 */
export type RegalTransformer = (event: unknown) => UsersTrackRequest | undefined;

/**
 * Checks `options` once and returns a function mapping Regal reporting events with them: the
 * way to transform many events (a webhook handler, a batch job), as {@link transformRegalEvent}
 * checks its options on every call.
 *
 * @param options - see {@link TransformOptions}.
 * @throws {@link ValidationError} when `options` is invalid (now, not on the first event).
 *
 * @example
 * ```ts
 * import { createTransformer } from 'regal-braze/transforms';
 *
 * const transform = createTransformer({
 *   subscriptionGroups: { sms: 'c3d4…' },
 *   attributes: { 'call.completed': { last_call_disposition: 'disposition' } },
 * });
 * const body = transform(JSON.parse(webhookBody)); // undefined: nothing to send
 * ```
 */
export function createTransformer(options?: TransformOptions): RegalTransformer {
  const resolved = resolveTransformOptions(options);
  return (event) => mapRegalEvent(event, resolved);
}

/**
 * Maps any Regal reporting event to a Braze `/users/track` body, routing on `event.name`:
 * `call.completed`, `contact.attribute.edited`, `contact.experiment.assigned`,
 * `contact.subscribed` and `contact.unsubscribed` get their dedicated mapping; every other event
 * becomes a Braze custom event named after it (`sms.sent` -> `"SMS Sent"`, see
 * `options.eventNames`) with its properties. To map many events with the same options,
 * {@link createTransformer} checks them once.
 *
 * @param event - the webhook's parsed JSON (validated here: `unknown` is fine).
 * @param options - see {@link TransformOptions}.
 * @returns the body, or `undefined` for an event that concerns no contact
 * (`agent.activity.updated`): there is nothing to send to Braze.
 * @throws {@link PayloadError} when the event is invalid or cannot be mapped.
 * @throws {@link ValidationError} when `options` is invalid.
 *
 * @example
 * ```ts
 * import { transformRegalEvent } from 'regal-braze/transforms';
 *
 * const body = transformRegalEvent(JSON.parse(webhookBody), {
 *   subscriptionGroups: { sms: 'c3d4…' },
 * });
 * if (body) await fetch(`${brazeEndpoint}/users/track`, { method: 'POST', body: JSON.stringify(body), headers });
 * ```
 */
export function transformRegalEvent(
  event: unknown,
  options?: TransformOptions,
): UsersTrackRequest | undefined {
  return mapRegalEvent(event, resolveTransformOptions(options));
}

/**
 * Maps a Regal `call.completed` event to a Braze custom event (`"Call Completed"` by default)
 * carrying the call's properties, timed by `originalTimestamp`.
 *
 * @param event - the webhook's parsed JSON (validated here: `unknown` is fine).
 * @param options - see {@link TransformOptions}.
 * @returns the body: its `events`, and its `attributes` when `options.attributes` copies
 * properties of `call.completed` to the profile.
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
  return mapCallCompleted(event, resolveTransformOptions(options)) as UsersTrackEventsRequest;
}

/**
 * Maps a Regal `contact.attribute.edited` event to a Braze attributes update: each
 * `changes.custom_properties[name].new_value` becomes custom attribute `name`, and standard
 * fields (`phone`, `email`, `first_name`, `last_name`) become Braze's standard attributes.
 *
 * Attribute names are chosen by agents, so they are untrusted: a name Braze reserves (an
 * identifier such as `external_id`, a control field such as `_update_existing_only`, a standard
 * attribute), a name that could reach a prototype (`__proto__`), or one Braze refuses (leading
 * `$`, containing `.`) is sent with the prefix `regal_` (see {@link brazeKey}). Such a name can
 * never change which user is updated, nor how.
 *
 * A `null` new value clears the attribute. A standard field the agent cleared (`null`, `""` or
 * blanks) is sent as `null`, which removes it in Braze — except the field the user is found by
 * (its `email` or `phone` identifier; for a user found by phone, also `email`, which Braze would
 * find the user by first): that one is never touched. Clearing it is left out; changing it is
 * refused.
 *
 * @param event - the webhook's parsed JSON (validated here: `unknown` is fine).
 * @param options - see {@link TransformOptions}.
 * @throws {@link PayloadError} when the event is invalid or cannot be mapped.
 *
 * @example
 * ```ts
 * contactAttributeEdited(payload);
 * // { attributes: [{ external_id: '123', _update_existing_only: false, annual_income: '300,000' }] }
 * ```
 */
export function contactAttributeEdited(
  event: unknown,
  options?: TransformOptions,
): UsersTrackAttributesRequest {
  return mapContactAttributeEdited(event, resolveTransformOptions(options));
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
  return mapContactExperimentAssigned(
    event,
    resolveTransformOptions(options),
  ) as UsersTrackEventsRequest;
}

/**
 * Maps a Regal `contact.unsubscribed` event to a Braze subscription group change: the group
 * configured for the event's channel in `options.subscriptionGroups` becomes `unsubscribed`,
 * for existing users only (`_update_existing_only: true`, as Braze's template does).
 *
 * @param event - the webhook's parsed JSON (validated here: `unknown` is fine).
 * @param options - `subscriptionGroups` must name a group for the event's channel.
 * @throws {@link PayloadError} when the event is invalid, or its channel has no configured group.
 *
 * @example
 * ```ts
 * contactUnsubscribed(payload, { subscriptionGroups: { voice: 'c3d4…' } });
 * // { attributes: [{ external_id: '123', _update_existing_only: true,
 * //   subscription_groups: [{ subscription_group_id: 'c3d4…', subscription_state: 'unsubscribed' }] }] }
 * ```
 */
export function contactUnsubscribed(
  event: unknown,
  options?: TransformOptions,
): UsersTrackAttributesRequest {
  return mapContactUnsubscribed(event, resolveTransformOptions(options));
}

/**
 * Maps a Regal `contact.subscribed` event to a Braze subscription group change: the group
 * configured for the event's channel becomes `subscribed`. The mirror of {@link contactUnsubscribed}.
 *
 * @param event - the webhook's parsed JSON (validated here: `unknown` is fine).
 * @param options - `subscriptionGroups` must name a group for the event's channel.
 * @throws {@link PayloadError} when the event is invalid, or its channel has no configured group.
 */
export function contactSubscribed(
  event: unknown,
  options?: TransformOptions,
): UsersTrackAttributesRequest {
  return mapContactSubscribed(event, resolveTransformOptions(options));
}
