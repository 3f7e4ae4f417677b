// Identity: which Braze user an event updates. The first identifier of OPTIONS.identifiers that
// the payload carries in usable form wins; the others are not sent.
import type { Issue } from '../../shared/text.js';
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

type Found = { value: string } | { problem: string };

// userId, or external_id in the snake_case envelope.
function findExternalId(event: RegalEvent): Found {
  const path = event.userId != null ? 'userId' : 'external_id';
  const raw = event.userId != null ? event.userId : event.external_id;
  if (raw == null) return { problem: 'userId is missing' };
  const value = typeof raw === 'number' ? String(raw) : raw;
  if (value.trim() === '' || value.length > MAX_ID_LENGTH) {
    return { problem: `${path} is empty or too long` };
  }
  return { value };
}

// traits.email, or contact_email in the snake_case envelope.
function findEmail(event: RegalEvent): Found {
  const traits = event.traits;
  const fromTraits = traits != null && traits.email != null;
  const raw = fromTraits ? (traits.email as string) : event.contact_email;
  if (raw == null) return { problem: 'traits.email is missing' };
  const value = raw.trim();
  return EMAIL.test(value) && value.length <= MAX_ID_LENGTH
    ? { value }
    : { problem: `${fromTraits ? 'traits.email' : 'contact_email'} is not an email address` };
}

// traits.phone, else contact_phone (snake_case envelope), else properties.contact_phone.
function findPhone(event: RegalEvent): Found {
  const traits = event.traits;
  const properties = event.properties;
  let path = 'traits.phone';
  let raw: unknown = traits != null ? traits.phone : undefined;
  if (raw == null) {
    path = 'contact_phone';
    raw = event.contact_phone;
  }
  if (raw == null && properties != null) {
    path = 'properties.contact_phone';
    raw = properties.contact_phone;
  }
  if (raw == null) return { problem: 'traits.phone is missing' };
  const value = typeof raw === 'string' ? raw.replace(PHONE_PUNCTUATION, '') : '';
  return E164.test(value) ? { value } : { problem: `${path} is not an E.164 phone number` };
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
  const problems: string[] = [];
  for (const kind of options.identifiers) {
    const found =
      kind === 'external_id'
        ? findExternalId(event)
        : kind === 'email'
          ? findEmail(event)
          : findPhone(event);
    if ('problem' in found) {
      problems.push(`${kind}: ${found.problem}`);
      continue;
    }
    const identifier: BrazeUserIdentifier =
      kind === 'external_id'
        ? { external_id: found.value }
        : kind === 'email'
          ? { email: found.value }
          : kind === 'phone'
            ? { phone: found.value }
            : { user_alias: { alias_name: found.value, alias_label: options.phoneAliasLabel } };
    return { kind, identifier };
  }
  issues.push({ path: [], message: `no usable Braze identifier (${problems.join('; ')})` });
  return undefined;
}
