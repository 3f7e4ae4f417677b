import { ValidationError, type Issue } from '../errors/index.js';
import { isRecord } from '../shared/objects.js';
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
 * Options of every transform. All are optional; the defaults reproduce Braze's published
 * templates for Regal.
 *
 * @example
 * ```ts
 * const options: TransformOptions = {
 *   identifiers: ['external_id', 'phone_alias'],
 *   eventNames: { 'call.completed': 'Regal Call Completed' },
 *   subscriptionGroups: { voice: 'a1b2…', sms: 'c3d4…' },
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
  /** Keep `null` event property values instead of dropping them. Default `false`. */
  keepNulls?: boolean;
  /**
   * What to do with an event that carries no time: `'error'` (default) refuses it;
   * `'now'` uses the current time — the only case in which a transform reads the clock.
   */
  missingTime?: 'error' | 'now';
}

/** {@link TransformOptions} with defaults applied and values checked. */
export interface ResolvedTransformOptions {
  readonly identifiers: readonly IdentifierKind[];
  readonly phoneAliasLabel: string;
  readonly eventNames: Readonly<Record<string, string>>;
  readonly subscriptionGroups: Readonly<Partial<Record<SubscriptionChannel, string>>>;
  readonly updateExistingOnly: boolean | undefined;
  readonly keepNulls: boolean;
  readonly missingTime: 'error' | 'now';
}

const DEFAULTS: ResolvedTransformOptions = Object.freeze({
  identifiers: Object.freeze(['external_id', 'email', 'phone_alias'] as const),
  phoneAliasLabel: 'phone',
  eventNames: Object.freeze({}),
  subscriptionGroups: Object.freeze({}),
  updateExistingOnly: undefined,
  keepNulls: false,
  missingTime: 'error',
});

const KNOWN_OPTIONS = new Set([
  'identifiers',
  'phoneAliasLabel',
  'eventNames',
  'subscriptionGroups',
  'updateExistingOnly',
  'keepNulls',
  'missingTime',
]);
const CHANNELS = new Set(['voice', 'sms', 'email']);

function isNonEmptyString(value: unknown, max = BRAZE_LIMITS.stringLength): value is string {
  return typeof value === 'string' && value.trim() !== '' && value.length <= max;
}

function checkStringMap(
  value: unknown,
  name: string,
  issues: Issue[],
  allowedKeys?: ReadonlySet<string>,
): Record<string, string> {
  if (value === undefined) return {};
  if (!isRecord(value)) {
    issues.push({ path: [name], message: 'must be an object' });
    return {};
  }
  const out: Record<string, string> = {};
  for (const key of Object.keys(value)) {
    if (allowedKeys !== undefined && !allowedKeys.has(key)) {
      issues.push({
        path: [name, key],
        message: `unknown key, expected one of ${[...allowedKeys].join(', ')}`,
      });
    } else if (!isNonEmptyString(value[key])) {
      issues.push({
        path: [name, key],
        message: 'must be a non-empty string of at most 255 characters',
      });
    } else {
      Object.defineProperty(out, key, {
        value: value[key],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return out;
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
  const issues: Issue[] = [];
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ValidationError('TransformOptions', [{ path: [], message: 'must be an object' }]);
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) issues.push({ path: [key], message: 'unknown option' });
  }

  let identifiers = DEFAULTS.identifiers;
  if (options.identifiers !== undefined) {
    if (!Array.isArray(options.identifiers) || options.identifiers.length === 0) {
      issues.push({
        path: ['identifiers'],
        message: `must be a non-empty array of ${IDENTIFIER_KINDS.join(', ')}`,
      });
    } else {
      options.identifiers.forEach((kind, index) => {
        if (!IDENTIFIER_KINDS.includes(kind)) {
          issues.push({
            path: ['identifiers', index],
            message: `must be one of ${IDENTIFIER_KINDS.join(', ')}`,
          });
        } else if (options.identifiers!.indexOf(kind) !== index) {
          issues.push({ path: ['identifiers', index], message: `"${kind}" is listed twice` });
        }
      });
      identifiers = [...options.identifiers];
    }
  }

  const phoneAliasLabel = options.phoneAliasLabel ?? DEFAULTS.phoneAliasLabel;
  if (!isNonEmptyString(phoneAliasLabel)) {
    issues.push({
      path: ['phoneAliasLabel'],
      message: 'must be a non-empty string of at most 255 characters',
    });
  }
  for (const flag of ['updateExistingOnly', 'keepNulls'] as const) {
    if (options[flag] !== undefined && typeof options[flag] !== 'boolean') {
      issues.push({ path: [flag], message: 'must be a boolean' });
    }
  }
  const missingTime = options.missingTime ?? DEFAULTS.missingTime;
  if (missingTime !== 'error' && missingTime !== 'now') {
    issues.push({ path: ['missingTime'], message: 'must be "error" or "now"' });
  }
  const eventNames = checkStringMap(options.eventNames, 'eventNames', issues);
  const subscriptionGroups = checkStringMap(
    options.subscriptionGroups,
    'subscriptionGroups',
    issues,
    CHANNELS,
  );

  if (issues.length > 0) throw new ValidationError('TransformOptions', issues);
  return {
    identifiers,
    phoneAliasLabel,
    eventNames,
    subscriptionGroups,
    updateExistingOnly: options.updateExistingOnly,
    keepNulls: options.keepNulls ?? false,
    missingTime,
  };
}
