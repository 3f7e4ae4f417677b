import { ValidationError } from '../errors/index.js';
import { isRecord } from '../common/objects.js';
import {
  boolean,
  readOptions,
  type Check,
  type OptionsSpec,
  type ResolvedOptions,
} from '../common/options.js';
import type { Issue, Path } from '../common/text.js';
import { BRAZE_LIMITS } from './users-track/limits.js';
import type { SubscriptionChannel } from './schemas/contact-subscription.js';

/**
 * A way to name the Braze user a Regal event concerns:
 * - `external_id`: Regal's `userId` (your own id of the contact);
 * - `email`: `traits.email`, Braze's email identifier;
 * - `phone`: `traits.phone` (E.164), Braze's phone identifier;
 * - `phone_alias`: `traits.phone` as a user alias `{ alias_name: phone, alias_label: phoneAliasLabel }`.
 */
export type IdentifierKind = 'external_id' | 'email' | 'phone' | 'phone_alias';

/** The identifier kinds, in the default precedence order first. */
export const IDENTIFIER_KINDS: readonly IdentifierKind[] = [
  'external_id',
  'email',
  'phone_alias',
  'phone',
];

/**
 * How the properties of one Regal event are sent as Braze event properties: which are left out,
 * which are sent under another name. Names are Regal's property names.
 *
 * @example
 * ```ts
 * const rules: PropertyRules = { omit: ['notes'], rename: { disposition: 'call_disposition' } };
 * ```
 */
export interface PropertyRules {
  /** Regal properties left out of the Braze event. */
  readonly omit?: readonly string[];
  /** Regal property name -> Braze property name. */
  readonly rename?: Readonly<Record<string, string>>;
}

/**
 * Options of every transform. All are optional; the defaults reproduce Braze's published
 * templates for Regal.
 *
 * @example
 * ```ts
 * const options: TransformOptions = {
 *   identifiers: ['external_id', 'phone_alias'],
 *   eventNames: { 'call.completed': 'Regal Call Completed' },
 *   subscriptionGroups: { voice: 'a1b2…', sms: 'c3d4…' },
 *   properties: { 'call.completed': { omit: ['notes'] } },
 *   attributes: { 'call.completed': { last_call_disposition: 'disposition' } },
 * };
 * ```
 */
export interface TransformOptions {
  /**
   * Which identifier names the Braze user, in order of preference: the first one the event
   * carries is used. Default `['external_id', 'email', 'phone_alias']`.
   */
  identifiers?: readonly IdentifierKind[];
  /** `alias_label` of the phone user alias (identifier `phone_alias`). Default `'phone'`. */
  phoneAliasLabel?: string;
  /**
   * Braze event name for a Regal event name, e.g. `{ 'sms.sent': 'Regal SMS Sent' }`. Events
   * not listed get a title-cased name: `call.completed` -> `Call Completed`, `sms.sent` -> `SMS Sent`.
   */
  eventNames?: Readonly<Record<string, string>>;
  /**
   * Braze subscription group id per channel, for `contact.subscribed` / `contact.unsubscribed`.
   * An event on a channel with no group here is refused with a {@link PayloadError} naming the option.
   */
  subscriptionGroups?: Readonly<Partial<Record<SubscriptionChannel, string>>>;
  /**
   * `_update_existing_only` on every object. Default: `false` for events and edited attributes
   * (create the user if missing), `true` for subscription changes (as Braze's templates do).
   */
  updateExistingOnly?: boolean;
  /** Keep `null` event property values (and attribute copies) instead of dropping them. Default `false`. */
  keepNulls?: boolean;
  /**
   * What to do with an event that carries no time: `'error'` (default) refuses it;
   * `'now'` uses the current time — the only case in which a transform reads the clock.
   */
  missingTime?: 'error' | 'now';
  /**
   * Per Regal event name, properties left out of the Braze event (`omit`) or sent under another
   * name (`rename`), e.g. `{ 'call.completed': { omit: ['notes'], rename: { disposition:
   * 'call_disposition' } } }`. Only for events mapped to a Braze custom event (not
   * `contact.attribute.edited`, `contact.subscribed`, `contact.unsubscribed`). A renamed name
   * follows the same rules as any other key (see {@link brazeKey}).
   */
  properties?: Readonly<Record<string, PropertyRules>>;
  /**
   * Per Regal event name, Braze custom attributes set from the event's properties: Braze
   * attribute name -> Regal property name, e.g. `{ 'call.completed': { last_call_disposition:
   * 'disposition' } }`. They are written as an attributes object for the same user in the same
   * body; Braze processes attributes before events, so a Canvas the event triggers already sees
   * them. A property that is absent (or `null`, unless `keepNulls`) sets nothing. Attribute names
   * follow the same rules as the attributes of `contact.attribute.edited` (see {@link brazeKey}).
   */
  attributes?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** {@link TransformOptions} with defaults applied and values checked: what the mappings read. */
export interface ResolvedTransformOptions {
  readonly identifiers: readonly IdentifierKind[];
  readonly phoneAliasLabel: string;
  readonly eventNames: Readonly<Record<string, string>>;
  readonly subscriptionGroups: Readonly<Partial<Record<SubscriptionChannel, string>>>;
  readonly updateExistingOnly: boolean | undefined;
  readonly keepNulls: boolean;
  readonly missingTime: 'error' | 'now';
  readonly properties: Readonly<Record<string, PropertyRules>>;
  readonly attributes: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/**
 * The Regal events whose mapping is not a Braze custom event: `properties` rules mean nothing
 * for them, and those that concern no contact take no `attributes` either.
 */
const NOT_EVENTS: Readonly<Record<string, string>> = {
  'contact.attribute.edited': 'an attributes update',
  'contact.subscribed': 'a subscription change',
  'contact.unsubscribed': 'a subscription change',
  'agent.activity.updated': 'nothing (it concerns no contact)',
};
const CONTACTLESS = 'agent.activity.updated';
const CHANNELS: readonly string[] = ['voice', 'sms', 'email'];
const NAME_MESSAGE = `must be a non-empty string of at most ${BRAZE_LIMITS.stringLength} characters`;

function isName(value: unknown): value is string {
  return (
    typeof value === 'string' && value.trim() !== '' && value.length <= BRAZE_LIMITS.stringLength
  );
}

/** Sets an own key, `__proto__` included (as `JSON.parse` does), never through a setter. */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** A record whose values pass `check` (and whose keys pass `checkKey`, when given). */
function recordOf<T>(
  check: Check<T>,
  checkKey?: (key: string, path: Path, issues: Issue[]) => boolean,
): Check<Record<string, T>> {
  return (value, path, issues) => {
    if (!isRecord(value)) {
      issues.push({ path, message: 'must be an object' });
      return undefined;
    }
    const out: Record<string, T> = {};
    for (const key of Object.keys(value)) {
      const keyPath = [...path, key];
      if (checkKey !== undefined && !checkKey(key, keyPath, issues)) continue;
      const checked = check(value[key], keyPath, issues);
      if (checked !== undefined) define(out, key, checked);
    }
    return out;
  };
}

const name: Check<string> = (value, path, issues) => {
  if (isName(value)) return value;
  issues.push({ path, message: NAME_MESSAGE });
  return undefined;
};

const identifiers: Check<readonly IdentifierKind[]> = (value, path, issues) => {
  if (!Array.isArray(value) || value.length === 0) {
    issues.push({ path, message: `must be a non-empty array of ${IDENTIFIER_KINDS.join(', ')}` });
    return undefined;
  }
  const before = issues.length;
  value.forEach((kind: unknown, index) => {
    if (!IDENTIFIER_KINDS.includes(kind as IdentifierKind)) {
      issues.push({
        path: [...path, index],
        message: `must be one of ${IDENTIFIER_KINDS.join(', ')}`,
      });
    } else if (value.indexOf(kind) !== index) {
      issues.push({ path: [...path, index], message: `"${String(kind)}" is listed twice` });
    }
  });
  return issues.length === before ? [...(value as IdentifierKind[])] : undefined;
};

const missingTime: Check<'error' | 'now'> = (value, path, issues) => {
  if (value === 'error' || value === 'now') return value;
  issues.push({ path, message: 'must be "error" or "now"' });
  return undefined;
};

function knownChannel(key: string, path: Path, issues: Issue[]): boolean {
  if (CHANNELS.includes(key)) return true;
  issues.push({ path, message: `unknown key, expected one of ${CHANNELS.join(', ')}` });
  return false;
}

/** `properties` rules only make sense for events mapped to a Braze custom event. */
function hasEventProperties(key: string, path: Path, issues: Issue[]): boolean {
  if (!Object.prototype.hasOwnProperty.call(NOT_EVENTS, key)) return true;
  issues.push({
    path,
    message: `${key} maps to ${NOT_EVENTS[key]}, not to a Braze event: it has no event properties`,
  });
  return false;
}

/** `attributes` need a user: every event but those that concern no contact. */
function hasUser(key: string, path: Path, issues: Issue[]): boolean {
  if (key !== CONTACTLESS) return true;
  issues.push({
    path,
    message: `${key} concerns no contact: there is no user to set attributes on`,
  });
  return false;
}

const names: Check<readonly string[]> = (value, path, issues) => {
  if (!Array.isArray(value)) {
    issues.push({ path, message: 'must be an array of property names' });
    return undefined;
  }
  const before = issues.length;
  value.forEach((item: unknown, index) => name(item, [...path, index], issues));
  return issues.length === before ? [...(value as string[])] : undefined;
};

const propertyRules: Check<PropertyRules> = (value, path, issues) => {
  if (!isRecord(value)) {
    issues.push({ path, message: 'must be an object: { omit?, rename? }' });
    return undefined;
  }
  const rules: { omit?: readonly string[]; rename?: Record<string, string> } = {};
  for (const key of Object.keys(value)) {
    if (key !== 'omit' && key !== 'rename') {
      issues.push({ path: [...path, key], message: 'unknown key, expected omit or rename' });
    }
  }
  if (value.omit !== undefined) {
    const omit = names(value.omit, [...path, 'omit'], issues);
    if (omit !== undefined) rules.omit = omit;
  }
  if (value.rename !== undefined) {
    const rename = recordOf(name)(value.rename, [...path, 'rename'], issues);
    if (rename !== undefined) rules.rename = rename;
  }
  return rules;
};

const SPEC = {
  identifiers: { check: identifiers, default: Object.freeze(IDENTIFIER_KINDS.slice(0, 3)) },
  phoneAliasLabel: { check: name, default: 'phone' },
  eventNames: { check: recordOf(name), default: Object.freeze({}) },
  subscriptionGroups: { check: recordOf(name, knownChannel), default: Object.freeze({}) },
  updateExistingOnly: { check: boolean },
  keepNulls: { check: boolean, default: false },
  missingTime: { check: missingTime, default: 'error' },
  properties: {
    check: recordOf(propertyRules, hasEventProperties),
    default: Object.freeze({}),
  },
  attributes: {
    check: recordOf(recordOf(name), hasUser),
    default: Object.freeze({}),
  },
} satisfies OptionsSpec;

const DEFAULTS: ResolvedTransformOptions = Object.freeze(readDefaults());

function readDefaults(): ResolvedTransformOptions {
  const issues: Issue[] = [];
  return readOptions(SPEC, {}, issues) as ResolvedOptions<typeof SPEC> as ResolvedTransformOptions;
}

// The quick path of resolveTransformOptions, for options every check accepts: the same result as
// readOptions(SPEC), without the paths and issue lists only a refusal needs (transformRegalEvent
// resolves its options on every call). It answers undefined for anything else, including valid
// field mapping (properties, attributes): the spec then reads the options and names every problem.

/** A copy of `value` (each value read once) if it is a record of names whose keys pass `isKey`. */
function copyOfNames(
  value: unknown,
  isKey: (key: string) => boolean,
): Record<string, string> | undefined {
  if (!isRecord(value)) return undefined;
  const copy: Record<string, string> = {};
  for (const key of Object.keys(value)) {
    const name = value[key];
    // "__proto__" would be set through Object.prototype's setter: recordOf defines it. Any other
    // key, "constructor" included, becomes an own property by a plain assignment.
    if (!isName(name) || !isKey(key) || key === '__proto__') return undefined;
    copy[key] = name;
  }
  return copy;
}

function copyOfIdentifiers(value: unknown): readonly IdentifierKind[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  for (let i = 0; i < value.length; i++) {
    const kind: unknown = value[i];
    if (!IDENTIFIER_KINDS.includes(kind as IdentifierKind) || value.indexOf(kind) !== i) {
      return undefined;
    }
  }
  return [...(value as IdentifierKind[])];
}

const anyKey = (): boolean => true;
const isChannel = (key: string): boolean => CHANNELS.includes(key);

/** True when `record` holds exactly the `size` entries of `copy` (a copy made by copyOfNames). */
function stillHolds(
  record: unknown,
  copy: Readonly<Record<string, string>>,
  size: number,
): boolean {
  if (!isRecord(record)) return false;
  let count = 0;
  for (const key in record) {
    if (record[key] !== copy[key] || !Object.prototype.hasOwnProperty.call(copy, key)) return false;
    count++;
  }
  return count === size;
}

function sameIdentifiers(given: unknown, copy: readonly IdentifierKind[]): boolean {
  if (!Array.isArray(given) || given.length !== copy.length) return false;
  for (let i = 0; i < copy.length; i++) if (given[i] !== copy[i]) return false;
  return true;
}

/*
 * transformRegalEvent is mostly called with the same options again and again, often in a new
 * object with the same values (`{ subscriptionGroups: GROUPS }`): the last options the quick path
 * resolved are kept with the values they were read from, and given again while every option is
 * the same value and the records and list it copied still hold what it copied.
 */
interface LastQuick {
  readonly given: readonly unknown[];
  readonly resolved: ResolvedTransformOptions;
  readonly eventNamesSize: number;
  readonly subscriptionGroupsSize: number;
}

let lastQuick: LastQuick | undefined;

function isLastQuick(last: LastQuick, given: readonly unknown[]): boolean {
  for (let i = 0; i < given.length; i++) if (given[i] !== last.given[i]) return false;
  const [identifiers, , eventNames, subscriptionGroups] = given;
  const resolved = last.resolved;
  return (
    (identifiers === undefined || sameIdentifiers(identifiers, resolved.identifiers)) &&
    (eventNames === undefined ||
      stillHolds(eventNames, resolved.eventNames, last.eventNamesSize)) &&
    (subscriptionGroups === undefined ||
      stillHolds(subscriptionGroups, resolved.subscriptionGroups, last.subscriptionGroupsSize))
  );
}

function quickResolve(options: object): ResolvedTransformOptions | undefined {
  // Own keys, and inherited enumerable ones (which leave it to the spec): none but the options.
  for (const key in options) {
    if (!Object.prototype.hasOwnProperty.call(SPEC, key)) return undefined;
  }
  // Each option read once, in the spec's order, as readOptions reads them.
  const given = options as TransformOptions;
  const values = [
    given.identifiers,
    given.phoneAliasLabel,
    given.eventNames,
    given.subscriptionGroups,
    given.updateExistingOnly,
    given.keepNulls,
    given.missingTime,
    given.properties,
    given.attributes,
  ] as const;
  if (lastQuick !== undefined && isLastQuick(lastQuick, values)) return lastQuick.resolved;
  const [
    givenIdentifiers,
    phoneAliasLabel,
    givenNames,
    givenGroups,
    updateExistingOnly,
    keepNulls,
    missingTime,
    properties,
    attributes,
  ] = values;
  const identifiers =
    givenIdentifiers === undefined ? DEFAULTS.identifiers : copyOfIdentifiers(givenIdentifiers);
  if (identifiers === undefined) return undefined;
  if (phoneAliasLabel !== undefined && !isName(phoneAliasLabel)) return undefined;
  const eventNames =
    givenNames === undefined ? DEFAULTS.eventNames : copyOfNames(givenNames, anyKey);
  if (eventNames === undefined) return undefined;
  const subscriptionGroups =
    givenGroups === undefined ? DEFAULTS.subscriptionGroups : copyOfNames(givenGroups, isChannel);
  if (subscriptionGroups === undefined) return undefined;
  if (updateExistingOnly !== undefined && typeof updateExistingOnly !== 'boolean') return undefined;
  if (keepNulls !== undefined && typeof keepNulls !== 'boolean') return undefined;
  if (missingTime !== undefined && missingTime !== 'error' && missingTime !== 'now') {
    return undefined;
  }
  if (properties !== undefined || attributes !== undefined) return undefined;
  const resolved: ResolvedTransformOptions = {
    identifiers,
    phoneAliasLabel: phoneAliasLabel === undefined ? DEFAULTS.phoneAliasLabel : phoneAliasLabel,
    eventNames,
    subscriptionGroups,
    updateExistingOnly,
    keepNulls: keepNulls === undefined ? DEFAULTS.keepNulls : keepNulls,
    missingTime: missingTime === undefined ? DEFAULTS.missingTime : missingTime,
    properties: DEFAULTS.properties,
    attributes: DEFAULTS.attributes,
  };
  lastQuick = {
    given: values,
    resolved,
    eventNamesSize: Object.keys(eventNames).length,
    subscriptionGroupsSize: Object.keys(subscriptionGroups).length,
  };
  return resolved;
}

/**
 * Applies defaults to {@link TransformOptions} and checks them.
 * @throws {@link ValidationError} naming each bad option.
 * @internal
 */
export function resolveTransformOptions(
  options: TransformOptions | undefined,
): ResolvedTransformOptions {
  if (options === undefined) return DEFAULTS;
  const quick = isRecord(options) ? quickResolve(options) : undefined;
  if (quick !== undefined) return quick;
  const issues: Issue[] = [];
  const resolved = readOptions(SPEC, options, issues, { unknownKey: 'unknown option' });
  if (issues.length > 0) throw new ValidationError('TransformOptions', issues);
  return resolved as ResolvedTransformOptions;
}
