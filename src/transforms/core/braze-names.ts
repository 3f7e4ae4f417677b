import { PROTOTYPE_KEYS } from '../users-track/limits.js';

/** Prefix given to every key that cannot be sent to Braze as it is. */
export const RENAMED_KEY_PREFIX = 'regal_';

const NESTED_FORBIDDEN = /[.\s]/g;
const DOTS = /\./g;

/**
 * The name under which a Regal key is sent to Braze — the one policy for every attribute and
 * property key, at any depth:
 *
 * 1. `.` becomes `_` (and, in nested objects, so does whitespace); leading `$` are removed;
 * 2. a key that step 1 changed, that is empty, that is in `reserved` (identifiers, control
 *    fields, standard attributes, `time`, `event_name`…) or that could reach a prototype
 *    (`__proto__`, `constructor`, `prototype`) gets the prefix `regal_`.
 *
 * So `email` -> `regal_email`, `$score` -> `regal_score`, `plan.tier` -> `regal_plan_tier`,
 * `__proto__` -> `regal___proto__`; `annual_income` stays as it is. Nothing is dropped.
 *
 * @example
 * ```ts
 * brazeKey('external_id', RESERVED_ATTRIBUTE_KEYS); // 'regal_external_id'
 * ```
 */
export function brazeKey(key: string, reserved: ReadonlySet<string>, nested = false): string {
  if (!nested && key.charCodeAt(0) !== 36 /* $ */ && key.indexOf('.') === -1) {
    // The common case, without a regular expression: only the reserved names to check.
    return key === '' || reserved.has(key) || PROTOTYPE_KEYS.has(key)
      ? RENAMED_KEY_PREFIX + key
      : key;
  }
  let name = key.replace(nested ? NESTED_FORBIDDEN : DOTS, '_');
  while (name.charCodeAt(0) === 36 /* $ */) name = name.slice(1);
  if (name !== key || name === '' || reserved.has(name) || PROTOTYPE_KEYS.has(name)) {
    return RENAMED_KEY_PREFIX + name;
  }
  return name;
}
