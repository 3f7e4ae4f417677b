import type { UsersTrackAttributesRequest } from '../users-track/users-track.js';
import { attributesBody, ownValue, userAttributes } from '../core/bodies.js';
import type { ResolvedTransformOptions } from '../options.js';
import type {
  ContactSubscribedEvent,
  ContactUnsubscribedEvent,
} from '../schemas/contact-subscription.js';
import { checkPayload } from '../validation/check-payload.js';
import {
  CONTACT_SUBSCRIBED_EVENT,
  CONTACT_UNSUBSCRIBED_EVENT,
} from '../validation/validators.generated.js';

// The Braze subscription group of the event's channel (OPTIONS.subscriptionGroups) changes
// state, for users Braze already has (_update_existing_only: true, as Braze's template does).
function subscriptionBody(
  event: ContactSubscribedEvent | ContactUnsubscribedEvent,
  options: ResolvedTransformOptions,
  state: 'subscribed' | 'unsubscribed',
): UsersTrackAttributesRequest {
  const user = userAttributes(event, options, true);
  const channel = event.properties.channel;
  const groupId = ownValue(options.subscriptionGroups, channel);
  if (groupId === undefined) {
    user.issues.push({
      path: ['properties', 'channel'],
      message: `no Braze subscription group for channel "${channel}": set the subscriptionGroups.${channel} option`,
    });
  } else {
    user.attributes.subscription_groups = [
      { subscription_group_id: groupId, subscription_state: state },
    ];
  }
  return attributesBody(event, options, user);
}

// contact.unsubscribed -> the channel's Braze subscription group becomes "unsubscribed".
export function mapContactUnsubscribed(
  payload: unknown,
  options: ResolvedTransformOptions,
): UsersTrackAttributesRequest {
  const event = checkPayload(payload, CONTACT_UNSUBSCRIBED_EVENT);
  return subscriptionBody(event, options, 'unsubscribed');
}

// contact.subscribed -> the channel's Braze subscription group becomes "subscribed".
export function mapContactSubscribed(
  payload: unknown,
  options: ResolvedTransformOptions,
): UsersTrackAttributesRequest {
  const event = checkPayload(payload, CONTACT_SUBSCRIBED_EVENT);
  return subscriptionBody(event, options, 'subscribed');
}
