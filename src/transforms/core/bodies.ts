// Bodies: the /users/track body for one user, with OPTIONS.properties (left out, renamed) and
// OPTIONS.attributes (copied to the profile) applied.
import { PayloadError } from '../../errors/index.js';
import type { Issue } from '../../common/text.js';
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
import { remembered } from './remembered.js';
import { brazeValue, isBrazeScalar, OMIT, setKey, type SanitizeContext } from './sanitize.js';
import { eventTime } from './time.js';

/** `record[key]` if `record` has that key of its own (never a key of Object.prototype). */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

// Event properties, built one at a time; `renamed` says whether a key was sent under another
// name, after which two keys may meet on one name (until then they are distinct own keys).
interface PropertiesDraft {
  readonly values: Record<string, BrazeValue>;
  renamed: boolean;
}

const PROPERTY_NAMES = new Map<string, string>();

function propertyName(key: string): string {
  return brazeKey(key, RESERVED_EVENT_PROPERTY_KEYS);
}

// One event property: its value made fit for Braze, sent under `name` (by the key rules).
function addProperty(
  draft: PropertiesDraft,
  key: string,
  name: string,
  raw: unknown,
  context: SanitizeContext,
): void {
  let value: BrazeValue | typeof OMIT;
  if (isBrazeScalar(raw)) value = raw;
  else if (raw === undefined || (raw === null && !context.keepNulls)) return;
  else value = brazeValue(raw, ['properties', key], context);
  if (value === OMIT) return;
  const brazeName = remembered(PROPERTY_NAMES, name, propertyName);
  if (brazeName !== key) draft.renamed = true;
  else if (!draft.renamed && key.length <= BRAZE_LIMITS.stringLength) {
    draft.values[key] = value;
    return;
  }
  setKey(draft.values, brazeName, value, ['properties'], key, context.issues);
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

// A property key Braze takes as its own name: within the length limit, unchanged by the key rules.
function isOwnBrazeName(key: string): boolean {
  return (
    key.length <= BRAZE_LIMITS.stringLength && remembered(PROPERTY_NAMES, key, propertyName) === key
  );
}

// Schemas whose every key is its own Braze property name, not a name Object.prototype has.
const PLAIN_NAMED = new WeakMap<SchemaObject, boolean>();

function isPlainNamed(known: SchemaObject): boolean {
  let plain = PLAIN_NAMED.get(known);
  if (plain === undefined) {
    const shape = known.object !== undefined ? known.object : {};
    plain = Object.keys(shape).every((key) => isOwnBrazeName(key) && !(key in Object.prototype));
    PLAIN_NAMED.set(known, plain);
  }
  return plain;
}

// The event properties: those listed by the mapping function (Braze name -> value), then every
// other property of the payload its schema does not name, each unless OPTIONS.properties omits
// it, under the name OPTIONS.properties gives it.
function eventProperties(
  listed: Readonly<Record<string, unknown>>,
  regal: Readonly<Record<string, unknown>>,
  known: SchemaObject | undefined,
  rules: PropertyRules | undefined,
  context: SanitizeContext,
): Record<string, BrazeValue> {
  const omit = rules !== undefined && rules.omit !== undefined ? rules.omit : [];
  const rename = rules !== undefined ? rules.rename : undefined;
  const draft: PropertiesDraft = { values: {}, renamed: false };
  const own = Object.prototype.hasOwnProperty;
  const listedKeys = Object.keys(listed);
  for (const key of listedKeys) {
    if (omit.length > 0 && omit.indexOf(key) !== -1) continue;
    const renamed = rename !== undefined ? ownValue(rename, key) : undefined;
    addProperty(draft, key, renamed !== undefined ? renamed : key, listed[key], context);
  }
  for (const key of Object.keys(regal)) {
    if (listedKeys.length > 0 && own.call(listed, key)) continue;
    if (known !== undefined && own.call(known.object, key)) continue;
    if (omit.length > 0 && omit.indexOf(key) !== -1) continue;
    const renamed = rename !== undefined ? ownValue(rename, key) : undefined;
    addProperty(draft, key, renamed !== undefined ? renamed : key, regal[key], context);
  }
  return draft.values;
}

/*
 * The library's shortcut past eventProperties for the usual event — no OPTIONS.properties rules
 * for it, and either every property of the payload listed (`known` given) or none listed
 * (`known` undefined: every property sent as it is) — the values stored under their own names,
 * without the rename and collision bookkeeping. Undefined (nothing recorded) when the general way
 * is needed. It relies on what the library's mapping functions do: list each property of their
 * schema under its own name (`disposition: p.disposition`), which a test holds them to. The Data
 * Transformation, whose mapping functions an admin edits, takes the general way (its version
 * returns undefined).
 */
function propertiesAsTheyAre(
  listed: Readonly<Record<string, unknown>>,
  regal: Readonly<Record<string, unknown>>,
  known: SchemaObject | undefined,
  rules: PropertyRules | undefined,
  context: SanitizeContext,
): Record<string, BrazeValue> | undefined {
  if (rules !== undefined) return undefined;
  const issuesBefore = context.issues.length;
  const values: Record<string, BrazeValue> = {};
  if (known === undefined) {
    for (const key of Object.keys(regal)) {
      if (!isOwnBrazeName(key)) {
        context.issues.length = issuesBefore;
        return undefined;
      }
      addValue(values, key, regal[key], context);
    }
    return values;
  }
  // With a plain prototype, every listed value that is not undefined comes from an own key.
  const prototype = Object.getPrototypeOf(regal) as object | null;
  if ((prototype !== Object.prototype && prototype !== null) || !isPlainNamed(known)) {
    return undefined;
  }
  let present = 0;
  for (const key in listed) {
    const raw = listed[key];
    if (raw === undefined) continue;
    present++;
    addValue(values, key, raw, context);
  }
  if (Object.keys(regal).length === present) return values;
  // The payload has properties of its own beyond the listed ones.
  context.issues.length = issuesBefore;
  return undefined;
}

function addValue(
  values: Record<string, BrazeValue>,
  key: string,
  raw: unknown,
  context: SanitizeContext,
): void {
  if (isBrazeScalar(raw)) values[key] = raw;
  else if (raw === null) {
    if (context.keepNulls) values[key] = null;
  } else if (raw !== undefined) {
    const value = brazeValue(raw, ['properties', key], context);
    if (value !== OMIT) values[key] = value;
  }
}

/**
 * The body of a Regal event mapped to one Braze custom event: identifier, name, time and
 * properties (see eventProperties) — and, when `OPTIONS.attributes` names this event, an
 * attributes object for the same user.
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
  const rules = ownValue(options.properties, event.name);
  const regal = event.properties;
  const properties =
    regal == null
      ? undefined
      : propertiesAsTheyAre(listed, regal, known, rules, context) ||
        eventProperties(listed, regal, known, rules, context);
  const attributes = {} as BrazeAttributes;
  copyAttributes(attributes, event, options, context);
  if (identity === undefined || issues.length > 0) throw new PayloadError(issues, event.name);

  // The same user's attributes (OPTIONS.attributes), on a copy of the identifier.
  const user: BrazeAttributes | undefined =
    Object.keys(attributes).length === 0 ? undefined : Object.assign({}, identity.identifier);
  // identify() gives a new identifier object: the event is built on it.
  const brazeEvent = identity.identifier as BrazeEvent;
  brazeEvent._update_existing_only = updateExistingOnly(options, false);
  brazeEvent.name = name;
  brazeEvent.time = time;
  if (properties !== undefined) brazeEvent.properties = properties;
  if (user === undefined) return { events: [brazeEvent] };
  user._update_existing_only = brazeEvent._update_existing_only;
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
  // identify() gives a new identifier object: the attributes are added to it.
  const attributes = identity.identifier as BrazeAttributes;
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
  if (Object.prototype.hasOwnProperty.call(options.attributes, event.name)) {
    copyAttributes(draft.attributes, event, options, {
      keepNulls: options.keepNulls,
      issues: draft.issues,
    });
  }
  if (draft.issues.length > 0) throw new PayloadError(draft.issues, event.name);
  return { attributes: [draft.attributes] };
}
