import { ValidationError, type Issue } from '../errors/index.js';
import { formatPath } from '../common/text.js';
import {
  REGAL_EVENT_NAMES,
  type IdentifierKind,
  type PropertyRules,
  type TransformOptions,
} from '../transforms/index.js';
import { UsageError } from './exit.js';

/** The options `transform` and `transformation` share: one flag per {@link TransformOptions} field. */
export const TRANSFORM_OPTIONS = {
  identifiers: { type: 'string' },
  'phone-alias-label': { type: 'string' },
  'event-name': { type: 'string', multiple: true },
  'subscription-group': { type: 'string', multiple: true },
  'keep-nulls': { type: 'boolean' },
  'update-existing-only': { type: 'string' },
  'missing-time': { type: 'string' },
  omit: { type: 'string', multiple: true },
  rename: { type: 'string', multiple: true },
  attribute: { type: 'string', multiple: true },
} as const;

/** Help text of {@link TRANSFORM_OPTIONS}. */
export const TRANSFORM_OPTIONS_HELP = `Mapping options:
  --identifiers LIST               Braze identifiers in order of preference, comma-separated, from
                                   external_id, email, phone, phone_alias
                                   (default external_id,email,phone_alias)
  --phone-alias-label LABEL        alias_label of the phone user alias (default phone)
  --event-name REGAL=BRAZE         Braze event name for a Regal event (repeatable),
                                   e.g. --event-name 'sms.sent=Regal SMS Sent'
  --subscription-group CHANNEL=ID  Braze subscription group for voice, sms or email (repeatable);
                                   needed for contact.subscribed / contact.unsubscribed
  --keep-nulls                     keep null event property values (default: left out)
  --update-existing-only BOOL      true or false: _update_existing_only on every object
                                   (default false, true for subscription changes)
  --missing-time error|now         an event without a time: refuse it (default) or use now

Field mapping (repeatable, per Regal event):
  --omit EVENT:PROPERTY            leave a Regal property out of the Braze event,
                                   e.g. --omit call.completed:notes
  --rename EVENT:REGAL=BRAZE       send a Regal property under another Braze name,
                                   e.g. --rename call.completed:disposition=call_disposition
  --attribute EVENT:ATTRIBUTE=PROPERTY
                                   also set a Braze attribute of the same user from a property,
                                   e.g. --attribute call.completed:last_call_disposition=disposition`;

/** The parsed values of {@link TRANSFORM_OPTIONS}. */
export interface TransformOptionValues {
  identifiers?: string;
  'phone-alias-label'?: string;
  'event-name'?: string[];
  'subscription-group'?: string[];
  'keep-nulls'?: boolean;
  'update-existing-only'?: string;
  'missing-time'?: string;
  omit?: string[];
  rename?: string[];
  attribute?: string[];
}

function pairs(
  flag: string,
  shape: string,
  entries: readonly string[] | undefined,
  usage: string,
): Record<string, string> | undefined {
  if (entries === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const entry of entries) {
    const at = entry.indexOf('=');
    if (at <= 0) throw new UsageError(`${flag} expects ${shape}, got "${entry}"`, usage);
    const key = entry.slice(0, at);
    if (Object.prototype.hasOwnProperty.call(out, key)) {
      throw new UsageError(`${flag} ${key} is given twice`, usage);
    }
    // An own key even for "__proto__", as the transforms expect of parsed JSON.
    Object.defineProperty(out, key, {
      value: entry.slice(at + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** Sets an own key, `__proto__` included, as the transforms expect of parsed JSON. */
function define(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/**
 * Levenshtein distance, for "did you mean": the documented names closest to a mistyped one.
 */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(
        (row[j] as number) + 1,
        (next[j - 1] as number) + 1,
        (row[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    row = next;
  }
  return row[b.length] as number;
}

/** The documented Regal event names closest to `name` (at most three). */
export function closestEventNames(name: string): string[] {
  return [...REGAL_EVENT_NAMES]
    .map((known) => ({ known, score: distance(name, known) }))
    .sort((a, b) => a.score - b.score || a.known.localeCompare(b.known))
    .slice(0, 3)
    .map(({ known }) => known);
}

/**
 * Checks that `name` is a documented Regal event name.
 * @throws {@link UsageError} naming the closest documented ones.
 */
export function checkEventName(flag: string, name: string, usage: string): void {
  if ((REGAL_EVENT_NAMES as readonly string[]).includes(name)) return;
  throw new UsageError(
    `${flag}: ${JSON.stringify(name)} is not a Regal event name (closest: ${closestEventNames(name).join(', ')})`,
    usage,
  );
}

// EVENT:REST of an event-scoped flag, the event checked.
function scoped(flag: string, shape: string, entry: string, usage: string): [string, string] {
  const at = entry.indexOf(':');
  if (at <= 0 || at === entry.length - 1) {
    throw new UsageError(`${flag} expects ${shape}, got ${JSON.stringify(entry)}`, usage);
  }
  const event = entry.slice(0, at);
  checkEventName(flag, event, usage);
  return [event, entry.slice(at + 1)];
}

// NAME=VALUE of an event-scoped flag.
function assignment(flag: string, shape: string, entry: string, text: string, usage: string) {
  const at = text.indexOf('=');
  if (at <= 0 || at === text.length - 1) {
    throw new UsageError(`${flag} expects ${shape}, got ${JSON.stringify(entry)}`, usage);
  }
  return [text.slice(0, at), text.slice(at + 1)] as const;
}

/** `--omit`, `--rename` and `--attribute` as {@link TransformOptions} `properties` and `attributes`. */
function fieldMapping(values: TransformOptionValues, usage: string, options: TransformOptions) {
  const properties: Record<string, { omit?: string[]; rename?: Record<string, string> }> = {};
  const attributes: Record<string, Record<string, string>> = {};
  const rulesOf = (event: string) => {
    let rules = own(properties, event);
    if (rules === undefined) define(properties, event, (rules = {}));
    return rules;
  };
  for (const entry of values.omit ?? []) {
    const [event, property] = scoped('--omit', 'EVENT:PROPERTY', entry, usage);
    const rules = rulesOf(event);
    rules.omit ??= [];
    if (rules.omit.includes(property))
      throw new UsageError(`--omit ${entry} is given twice`, usage);
    rules.omit.push(property);
  }
  for (const entry of values.rename ?? []) {
    const [event, rest] = scoped('--rename', 'EVENT:REGAL=BRAZE', entry, usage);
    const [regal, braze] = assignment('--rename', 'EVENT:REGAL=BRAZE', entry, rest, usage);
    const rules = rulesOf(event);
    rules.rename ??= {};
    if (own(rules.rename, regal) !== undefined) {
      throw new UsageError(`--rename ${event}:${regal} is given twice`, usage);
    }
    define(rules.rename, regal, braze);
  }
  for (const entry of values.attribute ?? []) {
    const shape = 'EVENT:ATTRIBUTE=PROPERTY';
    const [event, rest] = scoped('--attribute', shape, entry, usage);
    const [attribute, property] = assignment('--attribute', shape, entry, rest, usage);
    let copies = own(attributes, event);
    if (copies === undefined) define(attributes, event, (copies = {}));
    if (own(copies, attribute) !== undefined) {
      throw new UsageError(`--attribute ${event}:${attribute} is given twice`, usage);
    }
    define(copies, attribute, property);
  }
  if (Object.keys(properties).length > 0) {
    options.properties = properties as Record<string, PropertyRules>;
  }
  if (Object.keys(attributes).length > 0) options.attributes = attributes;
}

/**
 * Turns the shared flags into {@link TransformOptions} (only those given). Values are checked
 * later, by the transforms themselves; see {@link describeOptionIssues}.
 * @throws {@link UsageError} for a flag whose value has the wrong shape.
 */
export function transformOptionsFrom(
  values: TransformOptionValues,
  usage: string,
): TransformOptions {
  const options: TransformOptions = {};
  if (values.identifiers !== undefined) {
    options.identifiers = values.identifiers
      .split(',')
      .map((kind) => kind.trim()) as IdentifierKind[];
  }
  if (values['phone-alias-label'] !== undefined) {
    options.phoneAliasLabel = values['phone-alias-label'];
  }
  const eventNames = pairs('--event-name', 'REGAL=BRAZE', values['event-name'], usage);
  if (eventNames !== undefined) options.eventNames = eventNames;
  const groups = pairs('--subscription-group', 'CHANNEL=ID', values['subscription-group'], usage);
  if (groups !== undefined) options.subscriptionGroups = groups;
  if (values['keep-nulls'] === true) options.keepNulls = true;
  const updateExistingOnly = values['update-existing-only'];
  if (updateExistingOnly !== undefined) {
    if (updateExistingOnly !== 'true' && updateExistingOnly !== 'false') {
      throw new UsageError(
        `--update-existing-only expects true or false, got "${updateExistingOnly}"`,
        usage,
      );
    }
    options.updateExistingOnly = updateExistingOnly === 'true';
  }
  if (values['missing-time'] !== undefined) {
    options.missingTime = values['missing-time'] as TransformOptions['missingTime'];
  }
  fieldMapping(values, usage, options);
  return options;
}

const FLAGS: Readonly<Record<string, string>> = {
  identifiers: '--identifiers',
  phoneAliasLabel: '--phone-alias-label',
  eventNames: '--event-name',
  subscriptionGroups: '--subscription-group',
  keepNulls: '--keep-nulls',
  updateExistingOnly: '--update-existing-only',
  missingTime: '--missing-time',
  events: '--event',
};

// An issue about `properties` or `attributes`, in the flag that set it: `--rename
// "call.completed:disposition=…": must be …`.
function fieldMappingFlag(path: readonly (string | number)[], options: object): string {
  const [field, event, kind, key] = path.map(String);
  if (field === 'attributes') {
    return `--attribute ${JSON.stringify(`${event}:${kind === undefined ? '…' : `${kind}=…`}`)}`;
  }
  if (kind === 'rename') return `--rename ${JSON.stringify(`${event}:${key ?? '…'}=…`)}`;
  if (kind === 'omit' && key !== undefined) {
    const omit = (options as TransformOptions).properties?.[event as string]?.omit;
    return `--omit ${JSON.stringify(`${event}:${omit?.[Number(key)] ?? '…'}`)}`;
  }
  return `--omit/--rename ${JSON.stringify(`${event}:…`)}`;
}

/**
 * Restates the issues of a `ValidationError` about options in terms of the flags that set them:
 * `identifiers[1]: must be one of …` -> `--identifiers "phone_number": must be one of …`.
 */
export function describeOptionIssues(issues: readonly Issue[], options: object): string {
  return issues
    .map(({ path, message }) => {
      const [field, key] = path;
      if ((field === 'properties' || field === 'attributes') && key !== undefined) {
        return `${fieldMappingFlag(path, options)}: ${message}`;
      }
      const flag = typeof field === 'string' ? FLAGS[field] : undefined;
      if (flag === undefined) return `${formatPath(path)}: ${message}`;
      if (key === undefined) return `${flag}: ${message}`;
      const list = (options as Record<string, unknown>)[field as string];
      const subject = typeof key === 'number' && Array.isArray(list) ? list[key] : key;
      return `${flag} ${JSON.stringify(subject)}: ${message}`;
    })
    .join('; ');
}

/**
 * Restates a transform's error in flags, for the command line: the transforms name the option
 * to set (`set the subscriptionGroups.voice option`), the CLI names its flag
 * (`pass --subscription-group voice=ID`).
 */
export function inFlagTerms(message: string): string {
  return message.replace(
    /set the subscriptionGroups\.(\w+) option/g,
    'pass --subscription-group $1=ID',
  );
}

/**
 * Runs `check` (which validates `options`) and turns its `ValidationError` into a `UsageError`
 * worded in flags, so bad flag values exit 2 with the usage line.
 */
export function checkFlags<T>(options: object, usage: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof ValidationError) {
      throw new UsageError(describeOptionIssues(error.issues, options), usage);
    }
    throw error;
  }
}
