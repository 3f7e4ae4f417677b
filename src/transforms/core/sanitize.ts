// Values: what Braze accepts. Strings over 255 characters are cut, nested data is checked and
// kept under 100 KB, keys follow the key rules (brazeKey), null is left out unless keepNulls.
import { isPlainObject, setOwnProperty } from '../../common/objects.js';
import { quote, type Issue, type Path } from '../../common/text.js';
import { BRAZE_LIMITS } from '../users-track/limits.js';
import type { BrazeValue } from '../users-track/users-track.js';
import { brazeKey } from './braze-names.js';
import { remembered } from './remembered.js';
import { utf8Length } from './utf8-length.js';

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
 * `parentPath` then `sourceKey`, built only then.
 */
export function setKey(
  target: Record<string, unknown>,
  key: string,
  value: unknown,
  parentPath: Path,
  sourceKey: string,
  issues: Issue[],
): void {
  if (Object.prototype.hasOwnProperty.call(target, key)) {
    issues.push({
      path: parentPath.concat(sourceKey),
      message: `maps to Braze key ${quote(key)}, which another key already uses`,
    });
  } else if (key.length > BRAZE_LIMITS.stringLength) {
    issues.push({
      path: parentPath.concat(sourceKey),
      message: `key is longer than ${BRAZE_LIMITS.stringLength} characters`,
    });
  } else {
    setOwnProperty(target, key, value);
  }
}

/**
 * True for the values Braze takes as they are (a string within the limit, a boolean, a finite
 * number): the common case, which needs no path and no copy.
 */
export function isBrazeScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string'
    ? value.length <= BRAZE_LIMITS.stringLength
    : typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

const NESTED_NAMES = new Map<string, string>();

function nestedName(key: string): string {
  return brazeKey(key, NO_RESERVED, true);
}

function nestedObject(
  source: Record<string, unknown>,
  path: Path,
  context: SanitizeContext,
  depth: number,
): Record<string, BrazeValue> {
  const out: Record<string, BrazeValue> = {};
  for (const key of Object.keys(source)) {
    const raw = source[key];
    const value = isBrazeScalar(raw) ? raw : brazeValue(raw, path.concat(key), context, depth);
    if (value !== OMIT)
      setKey(out, remembered(NESTED_NAMES, key, nestedName), value, path, key, context.issues);
  }
  return out;
}

/**
 * Makes one value fit for Braze: strings cut to 255 characters, `Date` to ISO text, objects and
 * arrays sanitised recursively (and kept under 100 KB at the top), `null`/`undefined` left out
 * of objects (`null` kept with `keepNulls`; array items are kept in place, as `null`).
 * Values Braze cannot store (functions, `NaN`, bigint…) are issues.
 */
export function brazeValue(
  value: unknown,
  path: Path,
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
      let nested: BrazeValue;
      if (Array.isArray(value)) {
        const items: BrazeValue[] = [];
        for (let i = 0; i < value.length; i++) {
          const raw: unknown = value[i];
          const item = isBrazeScalar(raw)
            ? raw
            : brazeValue(raw, path.concat(i), context, depth + 1);
          items.push(item === OMIT ? null : item);
        }
        nested = items;
      } else if (isPlainObject(value)) {
        nested = nestedObject(value, path, context, depth + 1);
      } else {
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
