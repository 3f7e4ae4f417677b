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
  BRAZE_REQUEST_LIMITS,
  DEFAULT_REQUEST_LIMIT,
  IDENTIFIER_KEYS,
  PROTOTYPE_KEYS,
  RESERVED_ATTRIBUTE_KEYS,
  RESERVED_EVENT_PROPERTY_KEYS,
  type BrazeRequestLimit,
  type ObjectLimits,
} from './limits.js';
export { validateUsersTrack, type ValidateUsersTrackOptions } from './validate-users-track.js';
