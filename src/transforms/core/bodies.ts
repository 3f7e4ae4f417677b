// Bodies: the /users/track body for one user, a custom event or an attributes update, with
// OPTIONS.properties (leave out, rename) and OPTIONS.attributes (copy to the profile) applied.
import { PayloadError } from '../../errors/index.js';
import type { Issue, Path } from '../../shared/text.js';
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
import type { PropertyRules, ResolvedTransformOptions } from '../options.js';
import type { RegalEvent } from '../schemas/envelope.js';
import type { SchemaObject } from '../validation/explain.js';
import { brazeKey } from './braze-names.js';
import { brazeEventName } from './event-name.js';
import { identify, type Identity } from './identity.js';
import { brazeValue, OMIT, setKey, truncate, type SanitizeContext } from './sanitize.js';
import { eventTime } from './time.js';

const PROPERTIES_PATH: Path = ['properties'];

/** `record[key]` if `record` has that key of its own (never a key of Object.prototype). */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

// One Regal property into the Braze event's properties, as OPTIONS.properties says.
function addProperty(
  properties: Record<string, BrazeValue>,
  key: string,
  raw: unknown,
  rules: PropertyRules | undefined,
  context: SanitizeContext,
): void {
  let name = key;
  if (rules !== undefined) {
    if (rules.omit !== undefined && rules.omit.indexOf(key) !== -1) return;
    if (rules.rename !== undefined) {
      const renamed = ownValue(rules.rename, key);
      if (renamed !== undefined) name = renamed;
    }
  }
  let value: BrazeValue | typeof OMIT;
  // Strings inline: the commonest value.
  if (typeof raw === 'string')
    value = raw.length <= BRAZE_LIMITS.stringLength ? raw : truncate(raw);
  else value = brazeValue(raw, PROPERTIES_PATH.concat(key), context);
  if (value === OMIT) return;
  setKey(
    properties,
    brazeKey(name, RESERVED_EVENT_PROPERTY_KEYS),
    value,
    PROPERTIES_PATH,
    key,
    context.issues,
  );
}

// OPTIONS.attributes of this event: Braze attributes copied from Regal properties.
function copyAttributes(
  attributes: BrazeAttributes,
  event: RegalEvent,
  options: ResolvedTransformOptions,
  context: SanitizeContext,
): boolean {
  const copies = ownValue(options.attributes, event.name);
  const regal = event.properties;
  if (copies === undefined || regal == null) return false;
  let copied = false;
  for (const attribute of Object.keys(copies)) {
    const property = copies[attribute] as string;
    const raw = ownValue(regal, property);
    const value = brazeValue(raw, PROPERTIES_PATH.concat(property), context);
    if (value === OMIT) continue;
    const key = brazeKey(attribute, RESERVED_ATTRIBUTE_KEYS);
    setKey(attributes, key, value, PROPERTIES_PATH, property, context.issues);
    copied = true;
  }
  return copied;
}

// _update_existing_only: OPTIONS.updateExistingOnly, else the mapping's own default.
function updateExistingOnly(options: ResolvedTransformOptions, byDefault: boolean): boolean {
  return options.updateExistingOnly !== undefined ? options.updateExistingOnly : byDefault;
}

/**
 * The body of a Regal event mapped to one Braze custom event: identifier, name, time, and the
 * properties — first those `listed` (Braze name -> value), then every other property of the
 * payload that is neither listed nor one of `known` (the properties the event's schema names) —
 * plus, if `OPTIONS.attributes` names this event, an attributes object for the same user.
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
    issues.push({
      path: ['name'],
      message: `gives a Braze event name that is empty or over ${BRAZE_LIMITS.stringLength} characters`,
    });
  }
  const context: SanitizeContext = { keepNulls: options.keepNulls, issues };
  const rules = ownValue(options.properties, event.name);
  const properties: Record<string, BrazeValue> = {};
  const regal = event.properties;
  for (const key of Object.keys(listed)) addProperty(properties, key, listed[key], rules, context);
  if (regal != null) {
    const knownKeys = known !== undefined ? known.object : undefined;
    for (const key of Object.keys(regal)) {
      const skip =
        Object.prototype.hasOwnProperty.call(listed, key) ||
        (knownKeys !== undefined && Object.prototype.hasOwnProperty.call(knownKeys, key));
      if (!skip) addProperty(properties, key, regal[key], rules, context);
    }
  }
  const attributes = {} as BrazeAttributes;
  const withAttributes = copyAttributes(attributes, event, options, context);
  if (identity === undefined || issues.length > 0) throw new PayloadError(issues, event.name);

  // Object.assign, not spread: V8 makes a spread copy slow to extend.
  const brazeEvent = Object.assign({}, identity.identifier) as BrazeEvent;
  brazeEvent._update_existing_only = updateExistingOnly(options, false);
  brazeEvent.name = name;
  brazeEvent.time = time;
  if (regal != null) brazeEvent.properties = properties;
  if (!withAttributes) return { events: [brazeEvent] };
  const user = Object.assign({}, identity.identifier) as BrazeAttributes;
  user._update_existing_only = brazeEvent._update_existing_only;
  return { attributes: [Object.assign(user, attributes)], events: [brazeEvent] };
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
 * Finishes an attributes body: `OPTIONS.attributes` copied in, then every problem found thrown.
 * @throws {@link PayloadError} listing every problem found.
 */
export function attributesBody(
  event: RegalEvent,
  options: ResolvedTransformOptions,
  draft: AttributesDraft,
): UsersTrackAttributesRequest {
  const context: SanitizeContext = { keepNulls: options.keepNulls, issues: draft.issues };
  copyAttributes(draft.attributes, event, options, context);
  if (draft.issues.length > 0) throw new PayloadError(draft.issues, event.name);
  return { attributes: [draft.attributes] };
}
