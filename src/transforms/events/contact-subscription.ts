import type { UsersTrackAttributesRequest } from '../users-track/users-track.js';
import { attributesBody } from '../core/attributes-body.js';
import { parsePayload } from '../core/parse.js';
import {
  resolveTransformOptions,
  type ResolvedTransformOptions,
  type TransformOptions,
} from '../options.js';
import {
  contactSubscribedEventSchema,
  contactUnsubscribedEventSchema,
} from '../schemas/contact-subscription.js';

function subscriptionBody(
  schema: typeof contactSubscribedEventSchema | typeof contactUnsubscribedEventSchema,
  state: 'subscribed' | 'unsubscribed',
  event: unknown,
  options: ResolvedTransformOptions,
): UsersTrackAttributesRequest {
  const parsed = parsePayload(schema, event);
  const channel = parsed.properties.channel;
  return attributesBody(parsed, options, true, (attributes, _identity, issues) => {
    const groupId = options.subscriptionGroups[channel];
    if (groupId === undefined) {
      issues.push({
        path: ['properties', 'channel'],
        message: `no Braze subscription group for channel "${channel}": set the subscriptionGroups.${channel} option`,
      });
      return;
    }
    attributes.subscription_groups = [
      { subscription_group_id: groupId, subscription_state: state },
    ];
  });
}

/** @internal {@link contactUnsubscribed} with options already resolved. */
export function mapContactUnsubscribed(
  event: unknown,
  options: ResolvedTransformOptions,
): UsersTrackAttributesRequest {
  return subscriptionBody(contactUnsubscribedEventSchema, 'unsubscribed', event, options);
}

/** @internal {@link contactSubscribed} with options already resolved. */
export function mapContactSubscribed(
  event: unknown,
  options: ResolvedTransformOptions,
): UsersTrackAttributesRequest {
  return subscriptionBody(contactSubscribedEventSchema, 'subscribed', event, options);
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
