export type {
  BrazeAttributes,
  BrazeEvent,
  BrazePurchase,
  BrazeSubscriptionGroupUpdate,
  BrazeUserAlias,
  BrazeUserIdentifier,
  BrazeValue,
  UsersTrackAttributesRequest,
  UsersTrackEventsRequest,
  UsersTrackRequest,
} from './users-track.js';
export {
  BRAZE_LIMITS,
  IDENTIFIER_KEYS,
  PROTOTYPE_KEYS,
  RESERVED_ATTRIBUTE_KEYS,
  RESERVED_EVENT_PROPERTY_KEYS,
} from './limits.js';
export { validateUsersTrack, type ValidateUsersTrackOptions } from './validate-users-track.js';
