import type { Issue } from '../../errors/index.js';
import type { BrazeUserIdentifier } from '../users-track/users-track.js';
import type { IdentifierKind, ResolvedTransformOptions } from '../options.js';
import type { RegalEvent } from '../schemas/envelope.js';

const E164 = /^\+[1-9]\d{6,14}$/;
const PHONE_PUNCTUATION = /[\s().-]/g;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_ID_LENGTH = 255;

type Found = { value: string } | { problem: string };

interface Source {
  path: string;
  raw: unknown;
}

function firstPresent(...sources: Source[]): Source | undefined {
  return sources.find((source) => source.raw != null);
}

function externalId(event: RegalEvent): Found {
  const source = firstPresent(
    { path: 'userId', raw: event.userId },
    { path: 'external_id', raw: event.external_id },
  );
  if (source === undefined) return { problem: 'userId is missing' };
  const value = typeof source.raw === 'number' ? String(source.raw) : source.raw;
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_ID_LENGTH) {
    return { problem: `${source.path} is empty or too long` };
  }
  return { value };
}

function email(event: RegalEvent): Found {
  const source = firstPresent(
    { path: 'traits.email', raw: event.traits?.email },
    { path: 'contact_email', raw: event.contact_email },
  );
  if (source === undefined) return { problem: 'traits.email is missing' };
  const value = typeof source.raw === 'string' ? source.raw.trim() : '';
  return EMAIL.test(value) && value.length <= MAX_ID_LENGTH
    ? { value }
    : { problem: `${source.path} is not an email address` };
}

function phone(event: RegalEvent): Found {
  const properties = event.properties;
  const source = firstPresent(
    { path: 'traits.phone', raw: event.traits?.phone },
    { path: 'contact_phone', raw: event.contact_phone },
    { path: 'properties.contact_phone', raw: properties?.contact_phone },
  );
  if (source === undefined) return { problem: 'traits.phone is missing' };
  const value = typeof source.raw === 'string' ? source.raw.replace(PHONE_PUNCTUATION, '') : '';
  return E164.test(value) ? { value } : { problem: `${source.path} is not an E.164 phone number` };
}

function find(kind: IdentifierKind, event: RegalEvent): Found {
  switch (kind) {
    case 'external_id':
      return externalId(event);
    case 'email':
      return email(event);
    case 'phone':
    case 'phone_alias':
      return phone(event);
  }
}

/** The Braze identifier of a Regal event, with the kind that produced it. */
export interface Identity {
  kind: IdentifierKind;
  identifier: BrazeUserIdentifier;
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
    const found = find(kind, event);
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
  issues.push({
    path: [],
    message: `no usable Braze identifier (${problems.join('; ')})`,
  });
  return undefined;
}
