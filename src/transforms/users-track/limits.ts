/** Braze's documented limits for `/users/track` (reference: Braze REST API docs). */
export const BRAZE_LIMITS = {
  /** Objects per array (`attributes`, `events`, `purchases`) in one request. */
  objectsPerArray: 75,
  /** Updates per request, all arrays together, on "MAU CY 24-25" plans. */
  combinedObjectsOnNewPlans: 50,
  /** Characters in a string value, and in a property or attribute key. */
  stringLength: 255,
  /** Bytes of JSON in one array or object value. */
  nestedValueBytes: 100_000,
} as const;

/** The keys that say which user an object updates. */
export const IDENTIFIER_KEYS = ['external_id', 'user_alias', 'braze_id', 'email', 'phone'] as const;

/** Property keys Braze refuses in an event's `properties`. */
export const RESERVED_EVENT_PROPERTY_KEYS: ReadonlySet<string> = new Set(['time', 'event_name']);

/**
 * Attribute names with a meaning of their own in an attributes object: identifiers, control
 * fields and standard attributes (which have formats Braze enforces). A custom attribute must
 * never use one of them.
 */
export const RESERVED_ATTRIBUTE_KEYS: ReadonlySet<string> = new Set([
  ...IDENTIFIER_KEYS,
  'user_aliases',
  'app_id',
  '_update_existing_only',
  '_merge_objects',
  'subscription_groups',
  'push_tokens',
  'email_subscribe',
  'push_subscribe',
  'email_open_tracking_disabled',
  'email_click_tracking_disabled',
  'first_name',
  'last_name',
  'country',
  'current_location',
  'date_of_first_session',
  'date_of_last_session',
  'dob',
  'gender',
  'home_city',
  'language',
  'time_zone',
  'image_url',
  'marked_email_as_spam_at',
  'email_unsubscribed_at',
  'facebook',
  'twitter',
]);

/** Keys that must never be written as own properties: they reach an object's prototype. */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  'prototype',
]);
