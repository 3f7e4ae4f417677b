import type { Issue } from '../errors/index.js';

/** Braze's standard user attributes, as its Liquid names them (`{{${first_name}}}`). */
export const BRAZE_STANDARD_ATTRIBUTES = [
  'user_id',
  'braze_id',
  'first_name',
  'last_name',
  'email_address',
  'phone_number',
  'city',
  'country',
  'date_of_birth',
  'gender',
  'language',
  'time_zone',
  'last_used_app_date',
  'most_recent_app_version',
  'most_recent_locale',
  'most_recent_location',
  'random_bucket_number',
] as const;

/** Namespaces whose names are the brand's own: `custom_attribute.${plan}` and the like. */
const OPEN_NAMESPACES = [
  'custom_attribute',
  'canvas_entry_properties',
  'event_properties',
  'subscribed_state',
] as const;

/** Namespaces with a fixed list of fields. */
const CLOSED_NAMESPACES: Readonly<Record<string, readonly string[]>> = {
  campaign: ['name', 'api_id', 'dispatch_id', 'message_name', 'message_api_id'],
  canvas: ['name', 'api_id', 'variant_name', 'variant_api_id'],
};

/** How a value read from Braze is sent: as a JSON string (default), number or boolean. */
export type BrazeValueType = 'string' | 'number' | 'boolean';

const TYPES: readonly BrazeValueType[] = ['string', 'number', 'boolean'];

/** Internal: a parsed reference to a value of the Braze profile, event or message. */
export interface BrazeRef {
  /** As the user wrote it, without the type: `custom_attribute.plan`. */
  readonly label: string;
  /** How Braze's Liquid reads it inside a tag: `${first_name}`, `{{custom_attribute.${plan}}}`. */
  readonly liquid: string;
  /** The type given after `:`, if any. */
  readonly type: BrazeValueType | undefined;
}

// Braze substitutes `${...}` itself; a name must not end it early, open Liquid, or quote.
const NAME =
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  /^[^\s{}%'"|:\\\u0000-\u001f\u007f](?:[^{}%'"|:\\\u0000-\u001f\u007f]*[^\s{}%'"|:\\\u0000-\u001f\u007f])?$/u;

const GRAMMAR =
  'a Braze standard attribute (first_name, phone_number, …), custom_attribute.NAME, ' +
  'canvas_entry_properties.NAME, event_properties.NAME, subscribed_state.NAME, ' +
  'campaign.FIELD, canvas.FIELD, or campaign / canvas (their names)';

/**
 * Internal: parses `REF[:TYPE]` (`first_name`, `custom_attribute.age:number`, `campaign`);
 * records an issue at `path` and returns `undefined` when it is not one.
 */
export function parseBrazeRef(
  text: unknown,
  path: readonly (string | number)[],
  issues: Issue[],
): BrazeRef | undefined {
  if (typeof text !== 'string') {
    issues.push({ path, message: `must be a reference to a Braze value: ${GRAMMAR}` });
    return undefined;
  }
  const colon = text.lastIndexOf(':');
  const typeText = colon < 0 ? undefined : text.slice(colon + 1);
  const label = colon < 0 ? text : text.slice(0, colon);
  if (typeText !== undefined && !TYPES.includes(typeText as BrazeValueType)) {
    issues.push({
      path,
      message: `has the type ${JSON.stringify(typeText)}: use string, number or boolean`,
    });
    return undefined;
  }
  const type = typeText as BrazeValueType | undefined;
  const shortcut = label === 'campaign' || label === 'canvas' ? `${label}.name` : label;
  const dot = shortcut.indexOf('.');
  if (dot < 0) {
    if ((BRAZE_STANDARD_ATTRIBUTES as readonly string[]).includes(shortcut)) {
      return { label: shortcut, liquid: `\${${shortcut}}`, type };
    }
    issues.push({
      path,
      message: `${JSON.stringify(label)} is not a Braze standard attribute (a custom attribute is custom_attribute.${label}); expected ${GRAMMAR}`,
    });
    return undefined;
  }
  const namespace = shortcut.slice(0, dot);
  const name = shortcut.slice(dot + 1);
  const fields = Object.hasOwn(CLOSED_NAMESPACES, namespace)
    ? CLOSED_NAMESPACES[namespace]
    : undefined;
  if (fields !== undefined) {
    if (fields.includes(name))
      return { label: shortcut, liquid: `{{${namespace}.\${${name}}}}`, type };
    issues.push({
      path,
      message: `${namespace}.${name} is not a Braze field: ${namespace}.${fields.join(`, ${namespace}.`)}`,
    });
    return undefined;
  }
  if (!(OPEN_NAMESPACES as readonly string[]).includes(namespace)) {
    issues.push({
      path,
      message: `${JSON.stringify(namespace)} is not a Braze namespace; expected ${GRAMMAR}`,
    });
    return undefined;
  }
  if (!NAME.test(name)) {
    issues.push({
      path,
      message: `${namespace}.NAME: the name must be non-empty, without leading or trailing spaces, and without { } % ' " | : \\ or control characters`,
    });
    return undefined;
  }
  return { label: shortcut, liquid: `{{${namespace}.\${${name}}}}`, type };
}
