import { ValidationError, type Issue } from '../errors/index.js';
import { formatPath } from '../errors/issue.js';
import type { IdentifierKind, TransformOptions } from '../transforms/index.js';
import { UsageError } from './usage-error.js';

/** The options `transform` and `transformation` share: one flag per {@link TransformOptions} field. */
export const TRANSFORM_OPTIONS = {
  identifiers: { type: 'string' },
  'phone-alias-label': { type: 'string' },
  'event-name': { type: 'string', multiple: true },
  'subscription-group': { type: 'string', multiple: true },
  'keep-nulls': { type: 'boolean' },
  'update-existing-only': { type: 'string' },
  'missing-time': { type: 'string' },
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
  --missing-time error|now         an event without a time: refuse it (default) or use now`;

/** The parsed values of {@link TRANSFORM_OPTIONS}. */
export interface TransformOptionValues {
  identifiers?: string;
  'phone-alias-label'?: string;
  'event-name'?: string[];
  'subscription-group'?: string[];
  'keep-nulls'?: boolean;
  'update-existing-only'?: string;
  'missing-time'?: string;
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

/**
 * Restates the issues of a `ValidationError` about options in terms of the flags that set them:
 * `identifiers[1]: must be one of …` -> `--identifiers "phone_number": must be one of …`.
 */
export function describeOptionIssues(issues: readonly Issue[], options: object): string {
  return issues
    .map(({ path, message }) => {
      const [field, key] = path;
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
