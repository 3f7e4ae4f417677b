// Identity: which Braze user an event updates. The first identifier of OPTIONS.identifiers that
// the payload carries in usable form wins; the others are not sent.
import type { Issue } from '../../common/text.js';
import type { BrazeUserIdentifier } from '../users-track/users-track.js';
import type { IdentifierKind, ResolvedTransformOptions } from '../options.js';
import type { RegalEvent } from '../schemas/envelope.js';

const E164 = /^\+[1-9]\d{6,14}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_ID_LENGTH = 255;

/** Spaces, dots, dashes and parentheses: what people write inside a phone number. */
export const PHONE_PUNCTUATION = /[\s().-]/g;

/** The identifier of a Regal event, with the kind that produced it. */
export interface Identity {
  kind: IdentifierKind;
  identifier: BrazeUserIdentifier;
}

// One kind of identifier in a payload: its value, or why it cannot be used. Regal's snake_case
// envelope says external_id, contact_email and contact_phone instead.
function findIdentifier(kind: IdentifierKind, event: RegalEvent): string | { problem: string } {
  if (kind === 'external_id') {
    const userId = event.userId;
    const id = userId != null ? userId : event.external_id;
    if (id == null) return { problem: 'userId is missing' };
    const value = String(id);
    if (value.trim() !== '' && value.length <= MAX_ID_LENGTH) return value;
    return { problem: `${userId != null ? 'userId' : 'external_id'} is empty or too long` };
  }
  const traits = event.traits || {};
  if (kind === 'email') {
    const path = traits.email != null ? 'traits.email' : 'contact_email';
    const email = traits.email != null ? traits.email : event.contact_email;
    if (email == null) return { problem: 'traits.email is missing' };
    const value = email.trim();
    if (EMAIL.test(value) && value.length <= MAX_ID_LENGTH) return value;
    return { problem: `${path} is not an email address` };
  }
  const properties = event.properties || {};
  const [path, phone] =
    traits.phone != null
      ? ['traits.phone', traits.phone]
      : event.contact_phone != null
        ? ['contact_phone', event.contact_phone]
        : ['properties.contact_phone', properties.contact_phone];
  if (phone == null) return { problem: 'traits.phone is missing' };
  const value = typeof phone === 'string' ? phone.replace(PHONE_PUNCTUATION, '') : '';
  return E164.test(value) ? value : { problem: `${path} is not an E.164 phone number` };
}

/**
 * Picks the first identifier of `options.identifiers` that the event carries in usable form.
 * Pushes one issue listing why each candidate failed when none is usable.
 */
export function identify(
  event: RegalEvent,
  options: ResolvedTransformOptions,
  issues: Issue[],
): Identity | undefined {
  let problems = '';
  for (const kind of options.identifiers) {
    const found = findIdentifier(kind, event);
    if (typeof found !== 'string') {
      problems += `${problems === '' ? '' : '; '}${kind}: ${found.problem}`;
      continue;
    }
    // A new object each time: the body is built on it.
    let identifier: BrazeUserIdentifier;
    if (kind === 'external_id') identifier = { external_id: found };
    else if (kind === 'email') identifier = { email: found };
    else if (kind === 'phone') identifier = { phone: found };
    else identifier = { user_alias: { alias_name: found, alias_label: options.phoneAliasLabel } };
    return { kind, identifier };
  }
  issues.push({ path: [], message: `no usable Braze identifier (${problems})` });
  return undefined;
}
