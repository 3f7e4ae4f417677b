import type { Issue } from '../../common/text.js';
import { RESERVED_ATTRIBUTE_KEYS } from '../users-track/limits.js';
import type { BrazeAttributes, UsersTrackAttributesRequest } from '../users-track/users-track.js';
import { attributesBody, ownValue, userAttributes } from '../core/bodies.js';
import { brazeKey } from '../core/braze-names.js';
import { PHONE_PUNCTUATION, type Identity } from '../core/identity.js';
import {
  brazeValue,
  isBrazeScalar,
  OMIT,
  setKey,
  truncate,
  type SanitizeContext,
} from '../core/sanitize.js';
import type { ResolvedTransformOptions } from '../options.js';
import type { AttributeChange } from '../schemas/contact-attribute-edited.js';
import { checkPayload } from '../validation/check-payload.js';
import { CONTACT_ATTRIBUTE_EDITED_EVENT } from '../validation/validators.generated.js';

/** Regal standard fields (`changes.<field>`) and the Braze standard attribute each maps to. */
const STANDARD_FIELDS: Readonly<Record<string, string>> = {
  phone: 'phone',
  email: 'email',
  first_name: 'first_name',
  firstName: 'first_name',
  last_name: 'last_name',
  lastName: 'last_name',
};

const CHANGES_PATH = ['properties', 'changes'];
const CUSTOM_PATH = ['properties', 'changes', 'custom_properties'];

// Braze finds a user by email before phone: next to a phone identifier, an email would change
// which user is updated. So for a user found by phone, email is part of the identity too.
function isIdentityField(field: string, identity: Identity): boolean {
  return identity.kind === field || (identity.kind === 'phone' && field === 'email');
}

function sameIdentifier(field: string, a: string, b: unknown): boolean {
  if (typeof b !== 'string') return false;
  return field === 'phone'
    ? a.replace(PHONE_PUNCTUATION, '') === b.replace(PHONE_PUNCTUATION, '')
    : a.trim().toLowerCase() === b.trim().toLowerCase();
}

// A standard field: its new value, or null (which removes it in Braze) when the agent cleared
// it. The fields the user is found by are never touched: a cleared one is left out, a changed
// one refused.
function setStandardField(
  attributes: BrazeAttributes,
  regalField: string,
  brazeField: string,
  change: AttributeChange,
  identity: Identity,
  issues: Issue[],
): void {
  const value = change.new_value;
  const valuePath = CHANGES_PATH.concat(regalField, 'new_value');
  if (value !== null && typeof value !== 'string') {
    issues.push({ path: valuePath, message: `Braze's ${brazeField} must be a string or null` });
    return;
  }
  const cleared = value === null || value.trim() === '';
  if (isIdentityField(brazeField, identity)) {
    if (cleared || sameIdentifier(brazeField, value, attributes[brazeField])) return;
    const what =
      identity.kind === brazeField
        ? `changes ${brazeField}, the identifier this user is found by`
        : `sets ${brazeField}, which Braze would find this user by instead of its ${identity.kind}`;
    issues.push({
      path: valuePath,
      message: `${what}; list external_id first in the identifiers option`,
    });
    return;
  }
  setKey(
    attributes,
    brazeField,
    cleared ? null : truncate(value),
    CHANGES_PATH,
    regalField,
    issues,
  );
}

// A custom attribute: its new value; null clears it in Braze, as the agent cleared it in Regal.
function setCustomAttribute(
  attributes: BrazeAttributes,
  key: string,
  change: unknown,
  parentPath: readonly string[],
  context: SanitizeContext,
): void {
  // The schema's records skip a "__proto__" key, so that change is checked here.
  if (typeof change !== 'object' || change === null || !('new_value' in change)) {
    context.issues.push({
      path: parentPath.concat(key),
      message: 'must be { old_value, new_value }',
    });
    return;
  }
  const newValue = (change as AttributeChange).new_value;
  const value =
    newValue === null || isBrazeScalar(newValue)
      ? newValue
      : brazeValue(newValue, parentPath.concat(key, 'new_value'), context);
  if (value === OMIT) return;
  setKey(
    attributes,
    brazeKey(key, RESERVED_ATTRIBUTE_KEYS),
    value,
    parentPath,
    key,
    context.issues,
  );
}

// contact.attribute.edited -> the user's Braze attributes: each custom property's new value
// (changes.custom_properties), and the standard fields (phone, email, first_name, last_name).
export function mapContactAttributeEdited(
  payload: unknown,
  options: ResolvedTransformOptions,
): UsersTrackAttributesRequest {
  const event = checkPayload(payload, CONTACT_ATTRIBUTE_EDITED_EVENT);
  const changes = event.properties.changes;
  const user = userAttributes(event, options, false);
  const context: SanitizeContext = { keepNulls: options.keepNulls, issues: user.issues };
  for (const field of Object.keys(changes)) {
    const change = changes[field];
    if (field === 'custom_properties' || change == null) continue;
    const standard = ownValue(STANDARD_FIELDS, field);
    if (standard === undefined) {
      setCustomAttribute(user.attributes, field, change, CHANGES_PATH, context);
    } else {
      setStandardField(
        user.attributes,
        field,
        standard,
        change as AttributeChange,
        user.identity,
        user.issues,
      );
    }
  }
  const custom = changes.custom_properties;
  if (custom != null) {
    for (const key of Object.keys(custom)) {
      setCustomAttribute(user.attributes, key, custom[key], CUSTOM_PATH, context);
    }
  }
  return attributesBody(event, options, user);
}
