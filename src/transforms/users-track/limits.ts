import type { Check } from '../../common/options.js';
/** Braze's documented limits for `/users/track` (reference: Braze REST API docs). */
export const BRAZE_LIMITS = {
  /** Characters in a string value, and in a property or attribute key. */
  stringLength: 255,
  /** Bytes of JSON in one array or object value. */
  nestedValueBytes: 100_000,
  /**
   * Bytes of JSON in one request body. Braze refuses large bodies ("Max Input Length
   * Exceeded") without publishing the figure; 4 MB is the cap Braze's partners use.
   */
  requestBytes: 4_000_000,
} as const;

/**
 * How Braze counts the objects of one `/users/track` request; which applies depends on the
 * workspace's contract:
 * - `'75-combined'` (the default of current workspaces): at most 75 objects in all, attributes,
 *   events and purchases together;
 * - `'50-combined'`: at most 50 in all (some "MAU CY 24-25" contracts);
 * - `'75-per-array'`: legacy rate limits, at most 75 in each array (225 in all).
 */
export type BrazeRequestLimit = '75-combined' | '50-combined' | '75-per-array';

/** The rule that applies when none is chosen: current workspaces' 75 objects in all. */
export const DEFAULT_REQUEST_LIMIT: BrazeRequestLimit = '75-combined';

/** How many objects one request may hold under a {@link BrazeRequestLimit}. */
export interface ObjectLimits {
  /** In each array. */
  readonly perArray: number;
  /** In all arrays together (`Infinity` when only the per-array limit applies). */
  readonly total: number;
}

/** Objects per request under each {@link BrazeRequestLimit}. */
export const BRAZE_REQUEST_LIMITS: Readonly<Record<BrazeRequestLimit, ObjectLimits>> =
  Object.freeze({
    '75-combined': Object.freeze({ perArray: 75, total: 75 }),
    '50-combined': Object.freeze({ perArray: 50, total: 50 }),
    '75-per-array': Object.freeze({ perArray: 75, total: Number.POSITIVE_INFINITY }),
  });

/** Internal: the rules, quoted, for error messages (`"75-combined", "50-combined", …`). */
export const REQUEST_LIMIT_CHOICES = Object.keys(BRAZE_REQUEST_LIMITS)
  .map((rule) => `"${rule}"`)
  .join(', ');

/** Whether `value` names a {@link BrazeRequestLimit}. */
export function isBrazeRequestLimit(value: unknown): value is BrazeRequestLimit {
  return (
    typeof value === 'string' && Object.prototype.hasOwnProperty.call(BRAZE_REQUEST_LIMITS, value)
  );
}

/** Internal: the option check of a request-limit rule, for every options object that takes one. */
export const checkRequestLimit: Check<BrazeRequestLimit> = (value, path, issues) => {
  if (isBrazeRequestLimit(value)) return value;
  issues.push({ path, message: `must be one of ${REQUEST_LIMIT_CHOICES}` });
  return undefined;
};

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
