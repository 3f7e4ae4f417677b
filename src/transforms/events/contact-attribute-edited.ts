import type { Issue } from '../../errors/index.js';
import { RESERVED_ATTRIBUTE_KEYS } from '../users-track/limits.js';
import type { BrazeAttributes, UsersTrackAttributesRequest } from '../users-track/users-track.js';
import { attributesBody } from '../core/attributes-body.js';
import { brazeKey } from '../core/braze-names.js';
import type { Identity } from '../core/identity.js';
import { parsePayload } from '../core/parse.js';
import { brazeValue, OMIT, setKey, truncate, type SanitizeContext } from '../core/sanitize.js';
import {
  resolveTransformOptions,
  type ResolvedTransformOptions,
  type TransformOptions,
} from '../options.js';
import {
  contactAttributeEditedEventSchema,
  type AttributeChange,
} from '../schemas/contact-attribute-edited.js';

/** Regal standard fields (`changes.<field>`) and the Braze standard attribute each maps to. */
const STANDARD_FIELDS: Readonly<Record<string, string>> = {
  phone: 'phone',
  email: 'email',
  first_name: 'first_name',
  firstName: 'first_name',
  last_name: 'last_name',
  lastName: 'last_name',
};

const PHONE_PUNCTUATION = /[\s().-]/g;

function sameIdentifierValue(kind: string, a: unknown, b: unknown): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  return kind === 'phone'
    ? a.replace(PHONE_PUNCTUATION, '') === b.replace(PHONE_PUNCTUATION, '')
    : a.trim().toLowerCase() === b.trim().toLowerCase();
}

const CHANGES_PATH = ['properties', 'changes'];
const CUSTOM_PATH = [...CHANGES_PATH, 'custom_properties'];

function setStandardField(
  attributes: BrazeAttributes,
  regalField: string,
  brazeField: string,
  change: AttributeChange,
  identity: Identity,
  issues: Issue[],
): void {
  const value = change.new_value;
  const valuePath = [...CHANGES_PATH, regalField, 'new_value'];
  if (value !== null && typeof value !== 'string') {
    issues.push({ path: valuePath, message: `Braze's ${brazeField} must be a string or null` });
  } else if (Object.prototype.hasOwnProperty.call(identity.identifier, brazeField)) {
    // The user is identified by this very field: it may confirm the identifier, never change it.
    if (!sameIdentifierValue(brazeField, value, attributes[brazeField])) {
      issues.push({
        path: valuePath,
        message: `changes ${brazeField}, the identifier this user is found by; list external_id first in the identifiers option`,
      });
    }
  } else {
    const text = value === null ? null : truncate(value);
    setKey(attributes, brazeField, text, CHANGES_PATH, regalField, issues);
  }
}

function setCustomAttribute(
  attributes: BrazeAttributes,
  key: string,
  change: unknown,
  parentPath: readonly string[],
  context: SanitizeContext,
): void {
  // zod's records skip a "__proto__" key, so that change is checked here.
  if (typeof change !== 'object' || change === null || !('new_value' in change)) {
    context.issues.push({
      path: [...parentPath, key],
      message: 'must be { old_value, new_value }',
    });
    return;
  }
  const newValue = (change as AttributeChange).new_value;
  // A null new value clears the attribute in Braze, as the agent cleared it in Regal.
  const value =
    newValue === null ? null : brazeValue(newValue, [...parentPath, key, 'new_value'], context);
  if (value !== OMIT) {
    setKey(
      attributes,
      brazeKey(key, RESERVED_ATTRIBUTE_KEYS),
      value,
      parentPath,
      key,
      context.issues,
    );
  }
}

/** @internal {@link contactAttributeEdited} with options already resolved. */
export function mapContactAttributeEdited(
  event: unknown,
  options: ResolvedTransformOptions,
): UsersTrackAttributesRequest {
  const parsed = parsePayload(contactAttributeEditedEventSchema, event);
  const changes = parsed.properties.changes;

  return attributesBody(parsed, options, false, (attributes, identity, issues) => {
    const context: SanitizeContext = { keepNulls: options.keepNulls, issues };
    for (const field of Object.keys(changes)) {
      const change = changes[field];
      if (field === 'custom_properties' || change == null) continue;
      const standard = Object.prototype.hasOwnProperty.call(STANDARD_FIELDS, field)
        ? STANDARD_FIELDS[field]
        : undefined;
      if (standard === undefined)
        setCustomAttribute(attributes, field, change, CHANGES_PATH, context);
      else
        setStandardField(attributes, field, standard, change as AttributeChange, identity, issues);
    }
    const custom = changes.custom_properties;
    if (custom != null) {
      for (const key of Object.keys(custom)) {
        setCustomAttribute(attributes, key, custom[key], CUSTOM_PATH, context);
      }
    }
  });
}

/**
 * Maps a Regal `contact.attribute.edited` event to a Braze attributes update: each
 * `changes.custom_properties[name].new_value` becomes custom attribute `name`, and standard
 * fields (`phone`, `email`, `first_name`, `last_name`) become Braze's standard attributes.
 *
 * Attribute names are chosen by agents, so they are untrusted: a name Braze reserves (an
 * identifier such as `external_id`, a control field such as `_update_existing_only`, a standard
 * attribute), a name that could reach a prototype (`__proto__`), or one Braze refuses (leading
 * `$`, containing `.`) is sent with the prefix `regal_` (see {@link brazeKey}). Such a name can
 * never change which user is updated, nor how. A `null` new value clears the attribute.
 *
 * @param event - the webhook's parsed JSON (validated here: `unknown` is fine).
 * @param options - see {@link TransformOptions}.
 * @throws {@link PayloadError} when the event is invalid or cannot be mapped.
 *
 * @example
 * ```ts
 * contactAttributeEdited(payload);
 * // { attributes: [{ external_id: '123', _update_existing_only: false, annual_income: '300,000' }] }
 * ```
 */
export function contactAttributeEdited(
  event: unknown,
  options?: TransformOptions,
): UsersTrackAttributesRequest {
  return mapContactAttributeEdited(event, resolveTransformOptions(options));
}
