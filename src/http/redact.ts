import { isPlainObject } from '../common/objects.js';

/** What a secret is replaced with in errors and log lines. */
export const REDACTED = '[redacted]';

const MAX_DEPTH = 20;

/**
 * Internal: the strings to mask for a credential (an `Authorization` header value, a webhook
 * secret): the value itself and, for `"<scheme> <token>"` values such as `Bearer …`, the token
 * alone; each also as it reads inside a JSON string (`"` and `\` escaped), since answers and
 * log fields carry JSON text.
 */
export function secretsOf(authorization: string): string[] {
  const secrets = [authorization];
  const token = authorization.split(' ').at(-1);
  if (token !== undefined && token !== authorization && token.length >= 4) secrets.push(token);
  for (const secret of [...secrets]) {
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret) secrets.push(escaped);
  }
  return secrets.filter((secret) => secret.length > 0);
}

function redactString(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/**
 * Internal: a copy of `value` in which every occurrence of a secret inside a string (keys
 * included) is replaced by {@link REDACTED}. Walks arrays and plain objects; other values are
 * returned as they are. Used on answer bodies before they reach an error, and on log lines, in
 * case an API echoes the key back.
 */
export function redactSecrets(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (secrets.length === 0) return value;
  if (typeof value === 'string') return redactString(value, secrets);
  if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, secrets, depth + 1));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[redactString(key, secrets)] = redactSecrets(item, secrets, depth + 1);
  }
  return out;
}
