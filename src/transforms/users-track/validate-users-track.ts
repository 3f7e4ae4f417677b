import { ValidationError, type Issue } from '../../errors/index.js';
import { isRecord } from '../../common/objects.js';
import { utf8Length } from '../core/utf8-length.js';
import {
  BRAZE_LIMITS,
  BRAZE_REQUEST_LIMITS,
  DEFAULT_REQUEST_LIMIT,
  IDENTIFIER_KEYS,
  isBrazeRequestLimit,
  REQUEST_LIMIT_CHOICES,
  RESERVED_EVENT_PROPERTY_KEYS,
  type BrazeRequestLimit,
} from './limits.js';

/** Options of {@link validateUsersTrack}. */
export interface ValidateUsersTrackOptions {
  /**
   * How the workspace's contract counts the objects of one request (see
   * {@link BrazeRequestLimit}). Default `'75-combined'`: at most 75 in all.
   */
  requestLimit?: BrazeRequestLimit;
}

type Path = (string | number)[];

const ARRAYS = ['attributes', 'events', 'purchases'] as const;
const PRIMARY_IDENTIFIERS = ['external_id', 'user_alias', 'braze_id'] as const;
const SUBSCRIBE_STATES = new Set(['opted_in', 'subscribed', 'unsubscribed']);
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

function has(object: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key) && object[key] !== undefined;
}

function checkIdentifier(
  object: Record<string, unknown>,
  kind: string,
  path: Path,
  issues: Issue[],
): void {
  const primaries = PRIMARY_IDENTIFIERS.filter((key) => has(object, key));
  // In an attributes object, email and phone are also attributes; they identify only alone.
  const secondaries = (['email', 'phone'] as const).filter((key) => has(object, key));
  if (
    primaries.length > 1 ||
    (kind !== 'attributes' && primaries.length === 1 && secondaries.length > 0)
  ) {
    issues.push({
      path,
      message: `has more than one identifier (${[...primaries, ...secondaries].join(', ')})`,
    });
  } else if (primaries.length === 0 && secondaries.length === 0) {
    issues.push({ path, message: `has no identifier (one of ${IDENTIFIER_KEYS.join(', ')})` });
  }
  for (const key of ['external_id', 'braze_id', 'email', 'phone']) {
    if (!has(object, key)) continue;
    const value = object[key];
    // Next to another identifier, a null email or phone removes that attribute. Braze finds a
    // user by email before phone, so a user found by email can have its phone removed too.
    const identifiedByEmail = typeof object.email === 'string' && object.email.trim() !== '';
    const nullableAttribute =
      kind === 'attributes' &&
      (primaries.length > 0
        ? key === 'email' || key === 'phone'
        : key === 'phone' && identifiedByEmail);
    if (value === null && nullableAttribute) continue;
    if (typeof value !== 'string' || value.trim() === '') {
      issues.push({ path: [...path, key], message: 'must be a non-empty string' });
    }
  }
  if (has(object, 'user_alias')) {
    const alias = object.user_alias;
    if (
      !isRecord(alias) ||
      typeof alias.alias_name !== 'string' ||
      alias.alias_name === '' ||
      typeof alias.alias_label !== 'string' ||
      alias.alias_label === ''
    ) {
      issues.push({
        path: [...path, 'user_alias'],
        message: 'must be { alias_name, alias_label }, both non-empty strings',
      });
    }
  }
  if (has(object, '_update_existing_only') && typeof object._update_existing_only !== 'boolean') {
    issues.push({ path: [...path, '_update_existing_only'], message: 'must be a boolean' });
  }
}

function checkKey(key: string, path: Path, nested: boolean, issues: Issue[]): void {
  if (key === '') issues.push({ path, message: 'key is empty' });
  else if (key.startsWith('$'))
    issues.push({ path, message: 'key starts with "$", which Braze reserves' });
  else if (key.length > BRAZE_LIMITS.stringLength) {
    issues.push({ path, message: `key is longer than ${BRAZE_LIMITS.stringLength} characters` });
  } else if (nested && /[.\s]/.test(key)) {
    issues.push({ path, message: 'nested key contains "." or whitespace' });
  }
}

function checkValue(value: unknown, path: Path, depth: number, issues: Issue[]): void {
  if (typeof value === 'string') {
    if (value.length > BRAZE_LIMITS.stringLength) {
      issues.push({
        path,
        message: `string is longer than ${BRAZE_LIMITS.stringLength} characters`,
      });
    }
  } else if (typeof value === 'number') {
    if (!Number.isFinite(value)) issues.push({ path, message: 'number is not finite' });
  } else if (Array.isArray(value) || isRecord(value)) {
    if (depth === 0 && utf8Length(JSON.stringify(value)) > BRAZE_LIMITS.nestedValueBytes) {
      issues.push({ path, message: 'is larger than 100 KB' });
    }
    if (Array.isArray(value))
      value.forEach((item, index) => checkValue(item, [...path, index], depth + 1, issues));
    else {
      for (const key of Object.keys(value)) {
        checkKey(key, [...path, key], true, issues);
        checkValue(value[key], [...path, key], depth + 1, issues);
      }
    }
  } else if (value !== null && typeof value !== 'boolean') {
    issues.push({ path, message: `a ${typeof value} is not JSON data` });
  }
}

function checkTime(object: Record<string, unknown>, path: Path, issues: Issue[]): void {
  const time = object.time;
  if (typeof time !== 'string' || !ISO_8601.test(time) || Number.isNaN(Date.parse(time))) {
    issues.push({ path: [...path, 'time'], message: 'must be an ISO 8601 time' });
  }
}

function checkProperties(object: Record<string, unknown>, path: Path, issues: Issue[]): void {
  if (!has(object, 'properties')) return;
  const properties = object.properties;
  if (!isRecord(properties)) {
    issues.push({ path: [...path, 'properties'], message: 'must be an object' });
    return;
  }
  for (const key of Object.keys(properties)) {
    const keyPath = [...path, 'properties', key];
    checkKey(key, keyPath, false, issues);
    if (RESERVED_EVENT_PROPERTY_KEYS.has(key)) {
      issues.push({ path: keyPath, message: `"${key}" is reserved by Braze as a property key` });
    }
    checkValue(properties[key], keyPath, 0, issues);
  }
}

function checkAttributes(object: Record<string, unknown>, path: Path, issues: Issue[]): void {
  for (const key of Object.keys(object)) {
    const keyPath = [...path, key];
    const value = object[key];
    if (key === 'user_alias' || key === '_update_existing_only') continue;
    if (key === 'subscription_groups') {
      const valid =
        Array.isArray(value) &&
        value.every(
          (group) =>
            isRecord(group) &&
            typeof group.subscription_group_id === 'string' &&
            group.subscription_group_id !== '' &&
            (group.subscription_state === 'subscribed' ||
              group.subscription_state === 'unsubscribed'),
        );
      if (!valid) {
        issues.push({
          path: keyPath,
          message:
            'must be [{ subscription_group_id, subscription_state: "subscribed" | "unsubscribed" }]',
        });
      }
    } else if (key === 'email_subscribe' || key === 'push_subscribe') {
      if (!SUBSCRIBE_STATES.has(value as string)) {
        issues.push({
          path: keyPath,
          message: 'must be "opted_in", "subscribed" or "unsubscribed"',
        });
      }
    } else {
      checkKey(key, keyPath, false, issues);
      checkValue(value, keyPath, 0, issues);
    }
  }
}

function checkEvent(object: Record<string, unknown>, path: Path, issues: Issue[]): void {
  if (typeof object.name !== 'string' || object.name.trim() === '') {
    issues.push({ path: [...path, 'name'], message: 'must be a non-empty string' });
  } else if (object.name.length > BRAZE_LIMITS.stringLength) {
    issues.push({
      path: [...path, 'name'],
      message: `is longer than ${BRAZE_LIMITS.stringLength} characters`,
    });
  }
  checkTime(object, path, issues);
  checkProperties(object, path, issues);
}

function checkPurchase(object: Record<string, unknown>, path: Path, issues: Issue[]): void {
  for (const key of ['product_id', 'currency'] as const) {
    if (typeof object[key] !== 'string' || object[key] === '') {
      issues.push({ path: [...path, key], message: 'must be a non-empty string' });
    }
  }
  if (typeof object.price !== 'number' || !Number.isFinite(object.price)) {
    issues.push({ path: [...path, 'price'], message: 'must be a number' });
  }
  checkTime(object, path, issues);
  checkProperties(object, path, issues);
}

function requestLimitOption(options: ValidateUsersTrackOptions): BrazeRequestLimit {
  const rule = (options as { requestLimit?: unknown } | null | undefined)?.requestLimit;
  if (rule === undefined) return DEFAULT_REQUEST_LIMIT;
  if (isBrazeRequestLimit(rule)) return rule;
  throw new ValidationError('validateUsersTrack options', [
    { path: ['requestLimit'], message: `must be one of ${REQUEST_LIMIT_CHOICES}` },
  ]);
}

/**
 * Internal: what is over `rule` in a body whose arrays hold `counts` objects (a combined rule
 * counts them in all, the per-array rule each array alone).
 */
export function requestLimitIssues(
  counts: Readonly<Record<(typeof ARRAYS)[number], number>>,
  rule: BrazeRequestLimit,
): Issue[] {
  const { perArray, total } = BRAZE_REQUEST_LIMITS[rule];
  const issues: Issue[] = [];
  if (Number.isFinite(total)) {
    const all = counts.attributes + counts.events + counts.purchases;
    if (all > total) {
      issues.push({
        path: [],
        message: `has ${all} objects; Braze accepts at most ${total} per request in all (request limit "${rule}")`,
      });
    }
    return issues;
  }
  for (const kind of ARRAYS) {
    if (counts[kind] > perArray) {
      issues.push({
        path: [kind],
        message: `has ${counts[kind]} objects; Braze accepts at most ${perArray} per array per request (request limit "${rule}")`,
      });
    }
  }
  return issues;
}

/**
 * Internal: what Braze would reject in the fields and objects of a body, into `issues`, without
 * the request limit (`BrazeClient.track` splits a body over requests, so only its objects
 * matter there); returns how many objects each array holds.
 */
export function objectIssues(
  body: Record<string, unknown>,
  issues: Issue[],
): Record<(typeof ARRAYS)[number], number> {
  const counts = { attributes: 0, events: 0, purchases: 0 };
  for (const key of Object.keys(body)) {
    if (!(ARRAYS as readonly string[]).includes(key)) {
      issues.push({
        path: [key],
        message: 'is not a /users/track field (attributes, events, purchases)',
      });
    }
  }
  for (const kind of ARRAYS) {
    if (!has(body, kind)) continue;
    const list = body[kind];
    if (!Array.isArray(list)) {
      issues.push({ path: [kind], message: 'must be an array' });
      continue;
    }
    counts[kind] = list.length;
    list.forEach((object, index) => {
      const path = [kind, index];
      if (!isRecord(object)) {
        issues.push({ path, message: 'must be an object' });
        return;
      }
      checkIdentifier(object, kind, path, issues);
      if (kind === 'attributes') checkAttributes(object, path, issues);
      else if (kind === 'events') checkEvent(object, path, issues);
      else checkPurchase(object, path, issues);
    });
  }
  return counts;
}

/**
 * Lists what Braze would reject in a `/users/track` body: a missing or doubled identifier, more
 * objects than the request limit allows (by default 75 in all, see
 * {@link ValidateUsersTrackOptions.requestLimit}), keys starting with `$`, reserved property keys (`time`,
 * `event_name`), strings over 255 characters, values over 100 KB, a missing or non-ISO `time`…
 * An empty list means the body is fit to send.
 *
 * @example
 * ```ts
 * validateUsersTrack({ events: [{ name: 'Call Completed', time: 'yesterday' }] });
 * // [{ path: ['events', 0], message: 'has no identifier (…)' },
 * //  { path: ['events', 0, 'time'], message: 'must be an ISO 8601 time' }]
 * ```
 */
export function validateUsersTrack(
  body: unknown,
  options: ValidateUsersTrackOptions = {},
): Issue[] {
  const issues: Issue[] = [];
  if (!isRecord(body)) return [{ path: [], message: 'must be an object' }];
  const counts = objectIssues(body, issues);
  if (counts.attributes + counts.events + counts.purchases === 0) {
    issues.push({ path: [], message: 'has no attributes, events or purchases' });
  }
  issues.push(...requestLimitIssues(counts, requestLimitOption(options)));
  return issues;
}
