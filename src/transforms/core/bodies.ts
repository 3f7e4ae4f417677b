// Bodies: the /users/track body for one user, with OPTIONS.properties (left out, renamed) and
// OPTIONS.attributes (copied to the profile) applied.
import { PayloadError } from '../../errors/index.js';
import type { Issue } from '../../shared/text.js';
import {
  BRAZE_LIMITS,
  RESERVED_ATTRIBUTE_KEYS,
  RESERVED_EVENT_PROPERTY_KEYS,
} from '../users-track/limits.js';
import type {
  BrazeAttributes,
  BrazeEvent,
  BrazeValue,
  UsersTrackAttributesRequest,
  UsersTrackRequest,
} from '../users-track/users-track.js';
import type { ResolvedTransformOptions } from '../options.js';
import type { RegalEvent } from '../schemas/envelope.js';
import type { SchemaObject } from '../validation/explain.js';
import { brazeKey } from './braze-names.js';
import { brazeEventName } from './event-name.js';
import { identify, type Identity } from './identity.js';
import { brazeValue, OMIT, setKey, type SanitizeContext } from './sanitize.js';
import { eventTime } from './time.js';

/** `record[key]` if `record` has that key of its own (never a key of Object.prototype). */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

// Event properties: each key, its value from `listed` if listed there, else from the payload's
// `regal` properties; sent under its `names[key]` if renamed, following the key rules.
function copyProperties(
  target: Record<string, BrazeValue>,
  keys: readonly string[],
  listed: Readonly<Record<string, unknown>>,
  regal: Readonly<Record<string, unknown>>,
  names: Readonly<Record<string, string>> | undefined,
  context: SanitizeContext,
): void {
  for (const key of keys) {
    const raw = Object.prototype.hasOwnProperty.call(listed, key) ? listed[key] : regal[key];
    const value = brazeValue(raw, ['properties', key], context);
    const name = names !== undefined ? ownValue(names, key) : undefined;
    const brazeName = brazeKey(name !== undefined ? name : key, RESERVED_EVENT_PROPERTY_KEYS);
    if (value !== OMIT) setKey(target, brazeName, value, ['properties'], key, context.issues);
  }
}

// OPTIONS.attributes of this event: Braze attribute <- Regal property.
function copyAttributes(
  attributes: BrazeAttributes,
  event: RegalEvent,
  options: ResolvedTransformOptions,
  context: SanitizeContext,
): void {
  const copies = ownValue(options.attributes, event.name);
  if (copies === undefined || event.properties == null) return;
  const regal = event.properties;
  for (const attribute of Object.keys(copies)) {
    const property = copies[attribute] as string;
    const value = brazeValue(ownValue(regal, property), ['properties', property], context);
    const key = brazeKey(attribute, RESERVED_ATTRIBUTE_KEYS);
    if (value !== OMIT) setKey(attributes, key, value, ['properties'], property, context.issues);
  }
}

/**
 * The body of a Regal event mapped to one Braze custom event: identifier, name, time and
 * properties — first those `listed` (Braze name -> value), then every other property of the
 * payload that is neither listed nor one of `known` (the keys its schema names) — and, when
 * `OPTIONS.attributes` names this event, an attributes object for the same user.
 * @throws {@link PayloadError} listing every problem found.
 */
export function eventBody(
  event: RegalEvent,
  options: ResolvedTransformOptions,
  known: SchemaObject | undefined,
  listed: Readonly<Record<string, unknown>>,
): UsersTrackRequest {
  const issues: Issue[] = [];
  const identity = identify(event, options, issues);
  const time = eventTime(event, options, issues);
  const name = brazeEventName(event.name, options);
  if (name === '' || name.length > BRAZE_LIMITS.stringLength) {
    const limit = BRAZE_LIMITS.stringLength;
    issues.push({
      path: ['name'],
      message: `gives a Braze event name that is empty or over ${limit} characters`,
    });
  }
  const context: SanitizeContext = { keepNulls: options.keepNulls, issues };
  const rules = ownValue(options.properties, event.name) || {};
  const omit = rules.omit || [];
  const regal = event.properties || {};
  const knownKeys = known !== undefined ? (known.object as object) : {};
  const keys = Object.keys(listed).concat(
    Object.keys(regal).filter(
      (key) =>
        !Object.prototype.hasOwnProperty.call(listed, key) &&
        !Object.prototype.hasOwnProperty.call(knownKeys, key),
    ),
  );
  const sent = omit.length === 0 ? keys : keys.filter((key) => omit.indexOf(key) === -1);
  const properties: Record<string, BrazeValue> = {};
  copyProperties(properties, sent, listed, regal, rules.rename, context);
  const attributes = {} as BrazeAttributes;
  copyAttributes(attributes, event, options, context);
  if (identity === undefined || issues.length > 0) throw new PayloadError(issues, event.name);

  const brazeEvent = Object.assign({}, identity.identifier) as BrazeEvent;
  brazeEvent._update_existing_only = updateExistingOnly(options, false);
  brazeEvent.name = name;
  brazeEvent.time = time;
  if (event.properties != null) brazeEvent.properties = properties;
  if (Object.keys(attributes).length === 0) return { events: [brazeEvent] };
  const user = Object.assign({}, identity.identifier, {
    _update_existing_only: brazeEvent._update_existing_only,
  });
  return { attributes: [Object.assign(user, attributes)], events: [brazeEvent] };
}

// OPTIONS.updateExistingOnly, else the mapping's own default.
function updateExistingOnly(options: ResolvedTransformOptions, byDefault: boolean): boolean {
  return options.updateExistingOnly !== undefined ? options.updateExistingOnly : byDefault;
}

/** An attributes object being filled for one user, and the problems found so far. */
export interface AttributesDraft {
  /** Identifier and `_update_existing_only` first; the mapping adds the rest. */
  readonly attributes: BrazeAttributes;
  /** How the user was identified. */
  readonly identity: Identity;
  /** Problems found: {@link attributesBody} throws them all at once. */
  readonly issues: Issue[];
}

/**
 * Starts the attributes object of a Regal event's user.
 * @throws {@link PayloadError} when the event names no usable user.
 */
export function userAttributes(
  event: RegalEvent,
  options: ResolvedTransformOptions,
  updateExistingOnlyByDefault: boolean,
): AttributesDraft {
  const issues: Issue[] = [];
  const identity = identify(event, options, issues);
  if (identity === undefined) throw new PayloadError(issues, event.name);
  const attributes = Object.assign({}, identity.identifier) as BrazeAttributes;
  attributes._update_existing_only = updateExistingOnly(options, updateExistingOnlyByDefault);
  return { attributes, identity, issues };
}

/**
 * Finishes an attributes body: `OPTIONS.attributes` copied in, then every problem thrown.
 * @throws {@link PayloadError} listing every problem found.
 */
export function attributesBody(
  event: RegalEvent,
  options: ResolvedTransformOptions,
  draft: AttributesDraft,
): UsersTrackAttributesRequest {
  copyAttributes(draft.attributes, event, options, {
    keepNulls: options.keepNulls,
    issues: draft.issues,
  });
  if (draft.issues.length > 0) throw new PayloadError(draft.issues, event.name);
  return { attributes: [draft.attributes] };
}
