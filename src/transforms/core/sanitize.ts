import type { Issue } from '../../errors/index.js';
import { BRAZE_LIMITS, PROTOTYPE_KEYS } from '../users-track/limits.js';
import type { BrazeValue } from '../users-track/users-track.js';
import { brazeKey } from './braze-names.js';
import { utf8Length } from './utf8-length.js';
import { quote } from '../../shared/text.js';
import { isPlainObject } from '../../shared/objects.js';

const NO_RESERVED: ReadonlySet<string> = new Set();
const MAX_DEPTH = 32;

/** How values are made fit for Braze. */
export interface SanitizeContext {
  /** Keep `null` values in objects (else they are dropped). */
  readonly keepNulls: boolean;
  /** Where problems are collected. */
  readonly issues: Issue[];
}

/** Sentinel: the value is left out of its object. */
export const OMIT: unique symbol = Symbol('omit');

/**
 * Cuts a string to Braze's 255-character limit, without splitting a surrogate pair.
 * Braze refuses longer strings; cutting keeps the start of notes, transcripts and the like.
 */
export function truncate(text: string): string {
  if (text.length <= BRAZE_LIMITS.stringLength) return text;
  const cut = text.slice(0, BRAZE_LIMITS.stringLength);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

/**
 * Sets `key` on `target` as an own, enumerable property (never through the `__proto__` setter).
 * Reports a collision when two source keys map to the same Braze key; the issue's path is
 * `[...parentPath, sourceKey]`, built only then.
 */
export function setKey(
  target: Record<string, unknown>,
  key: string,
  value: unknown,
  parentPath: readonly (string | number)[],
  sourceKey: string,
  issues: Issue[],
): void {
  if (Object.prototype.hasOwnProperty.call(target, key)) {
    issues.push({
      path: [...parentPath, sourceKey],
      message: `maps to Braze key ${quote(key)}, which another key already uses`,
    });
  } else if (key.length > BRAZE_LIMITS.stringLength) {
    issues.push({
      path: [...parentPath, sourceKey],
      message: `key is longer than ${BRAZE_LIMITS.stringLength} characters`,
    });
  } else if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    target[key] = value;
  }
}

/**
 * Copies the own keys of a Regal object into a new object fit for Braze: keys renamed by
 * {@link brazeKey}, values by {@link brazeValue}, `null` dropped unless `keepNulls`.
 */
export function brazeObject(
  source: Record<string, unknown>,
  reserved: ReadonlySet<string>,
  path: readonly (string | number)[],
  context: SanitizeContext,
  depth = 0,
): Record<string, BrazeValue> {
  const out: Record<string, BrazeValue> = {};
  const nested = depth > 0;
  const keysToRename = renamedByPolicy(reserved);
  // Until a key is renamed, kept keys are distinct (they are the source's own keys), so they can
  // be assigned without the collision check of setKey.
  let renamedAny = false;
  for (const key of Object.keys(source)) {
    const raw = source[key];
    let value: BrazeValue | typeof OMIT;
    // Primitives inline: this loop is the transforms' hot path.
    if (typeof raw === 'string')
      value = raw.length <= BRAZE_LIMITS.stringLength ? raw : truncate(raw);
    else if (typeof raw === 'boolean') value = raw;
    else if (typeof raw === 'number' && Number.isFinite(raw)) value = raw;
    else if (raw === null) value = context.keepNulls ? null : OMIT;
    else if (raw === undefined) value = OMIT;
    else value = brazeValue(raw, [...path, key], context, depth);
    if (value === OMIT) continue;
    if (!renamedAny && !nested && keptAsIs(key, keysToRename)) {
      out[key] = value;
      continue;
    }
    const name = brazeKey(key, nested ? NO_RESERVED : reserved, nested);
    if (name !== key) renamedAny = true;
    setKey(out, name, value, path, key, context.issues);
  }
  return out;
}

// brazeKey's fast path, with the reserved and prototype names in one set (see renamedByPolicy).
function keptAsIs(key: string, keysToRename: ReadonlySet<string>): boolean {
  return (
    key.length > 0 &&
    key.length <= BRAZE_LIMITS.stringLength &&
    key.charCodeAt(0) !== 36 /* $ */ &&
    key.indexOf('.') === -1 &&
    !keysToRename.has(key)
  );
}

const renamedSets = new WeakMap<ReadonlySet<string>, ReadonlySet<string>>();

/** `reserved` and the prototype names together: the top-level keys brazeKey always renames. */
function renamedByPolicy(reserved: ReadonlySet<string>): ReadonlySet<string> {
  let set = renamedSets.get(reserved);
  if (set === undefined) {
    set = new Set([...reserved, ...PROTOTYPE_KEYS]);
    renamedSets.set(reserved, set);
  }
  return set;
}

/**
 * Makes one value fit for Braze: strings cut to 255 characters, `Date` to ISO text, objects and
 * arrays sanitised recursively (and kept under 100 KB at the top), `null`/`undefined` left out
 * of objects (`null` kept with `keepNulls`; array items are kept in place, as `null`).
 * Values Braze cannot store (functions, `NaN`, bigint…) are issues.
 */
export function brazeValue(
  value: unknown,
  path: readonly (string | number)[],
  context: SanitizeContext,
  depth = 0,
): BrazeValue | typeof OMIT {
  switch (typeof value) {
    case 'string':
      return truncate(value);
    case 'boolean':
      return value;
    case 'number':
      if (Number.isFinite(value)) return value;
      context.issues.push({ path, message: `${value} is not a number Braze can store` });
      return OMIT;
    case 'undefined':
      return OMIT;
    case 'object': {
      if (value === null) return context.keepNulls ? null : OMIT;
      if (value instanceof Date) {
        if (!Number.isNaN(value.getTime())) return value.toISOString();
        context.issues.push({ path, message: 'is an invalid Date' });
        return OMIT;
      }
      if (depth >= MAX_DEPTH) {
        context.issues.push({ path, message: `is nested more than ${MAX_DEPTH} levels deep` });
        return OMIT;
      }
      const nested = Array.isArray(value)
        ? value.map((item, index) => {
            const inner = brazeValue(item, [...path, index], context, depth + 1);
            return inner === OMIT ? null : inner;
          })
        : isPlainObject(value)
          ? brazeObject(value, NO_RESERVED, path, context, depth + 1)
          : undefined;
      if (nested === undefined) {
        context.issues.push({ path, message: 'is not plain JSON data' });
        return OMIT;
      }
      if (depth === 0 && utf8Length(JSON.stringify(nested)) > BRAZE_LIMITS.nestedValueBytes) {
        context.issues.push({
          path,
          message: 'is larger than the 100 KB Braze accepts for one value',
        });
        return OMIT;
      }
      return nested;
    }
    default:
      context.issues.push({ path, message: `a ${typeof value} is not a value Braze can store` });
      return OMIT;
  }
}
