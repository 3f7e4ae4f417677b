// Validation: what a payload must hold, and why one is refused. The descriptions (the *_EVENT
// and *_PROPERTIES constants) are generated from regal-braze's schemas.
import { isRecord } from '../../common/objects.js';
import { quote, type Issue, type Path } from '../../common/text.js';

/**
 * What a payload field may hold, as the schemas say, in a form small enough to read:
 * - a string of types joined by `|` (`string`, `number`, `boolean`, `array` (of anything),
 *   `unknown`), ending in `?` when `null` or absent is also fine: `"string|number?"`;
 * - an object for the rest, with `nullish: true` when `null` or absent is also fine:
 *   `{ literal }`, `{ oneOf }`, `{ minLength, message }` (a string), `{ object, rest }` (the
 *   listed keys, and a description of any other key), `{ record }` (any keys, one description
 *   for their values).
 */
export type SchemaNode = string | SchemaObject;

/** The object form of {@link SchemaNode}; `T`, the type of what it accepts, is for TypeScript only. */
export interface SchemaObject<T = unknown> {
  /** Never set: the type of the values this description accepts. */
  readonly accepted?: T;
  readonly nullish?: boolean;
  readonly literal?: string;
  readonly oneOf?: readonly string[];
  readonly minLength?: number;
  readonly message?: string;
  readonly object?: Readonly<Record<string, SchemaNode>>;
  readonly rest?: SchemaNode;
  readonly record?: SchemaNode;
}

/** The number of Unicode code points in a string (a lone surrogate counts as one). */
export function codePointLength(text: string): number {
  return text.replace(/[\ud800-\udbff][\udc00-\udfff]/g, '_').length;
}

/**
 * What zod's records accept as an object: one whose constructor, if any, is an `Object` of some
 * realm (`{}`, `Object.create(null)`, `JSON.parse` output; not a class instance).
 */
export function isZodPlainObject(value: unknown): value is Record<string, unknown> {
  if (!isRecord(value)) return false;
  const constructor: unknown = value.constructor;
  // JSON's objects first: Object.prototype has isPrototypeOf of its own.
  if (constructor === Object || typeof constructor !== 'function') return true;
  const proto: unknown = (constructor as { prototype?: unknown }).prototype;
  return isRecord(proto) && Object.prototype.hasOwnProperty.call(proto, 'isPrototypeOf');
}

/** True when an object has no enumerable symbol key (JSON never has one). */
export function hasNoSymbolKeys(value: object): boolean {
  const symbols = Object.getOwnPropertySymbols(value);
  return (
    symbols.length === 0 ||
    symbols.every((symbol) => !Object.prototype.propertyIsEnumerable.call(value, symbol))
  );
}

function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

function isOptional(node: SchemaNode): boolean {
  return typeof node === 'string' ? node.endsWith('?') : node.nullish === true;
}

/**
 * True when a value fits a description written as a string. A type name is never part of another
 * one, so a list holds a value's kind when it contains it.
 */
function fitsTypes(node: string, value: unknown): boolean {
  if (value == null && node.endsWith('?')) return true;
  const kind = typeof value === 'object' ? kindOf(value) : typeof value;
  if (node.indexOf(kind) === -1) return node.indexOf('unknown') !== -1;
  return kind !== 'number' || Number.isFinite(value);
}

// An object's keys: each listed one, then (with `rest`) any other, "__proto__" excepted.
function explainKeys(
  node: SchemaObject,
  value: Record<string, unknown>,
  path: Path,
  issues: Issue[],
) {
  const shape = node.object as Readonly<Record<string, SchemaNode>>;
  const keys = Object.keys(shape);
  const listed = keys.length;
  if (node.rest !== undefined) {
    for (const key in value) {
      if (key !== '__proto__' && !Object.prototype.hasOwnProperty.call(shape, key)) keys.push(key);
    }
  }
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index] as string;
    const inner = (index < listed ? shape[key] : node.rest) as SchemaNode;
    const item = value[key];
    if (item === undefined && !(key in value)) {
      if (isOptional(inner)) continue;
      // Absent, and not optional: missing, even if the schema accepts anything.
      const before = issues.length;
      explain(inner, undefined, path.concat(key), issues);
      if (issues.length === before) issues.push({ path: path.concat(key), message: 'is required' });
    } else if (typeof inner !== 'string' || !fitsTypes(inner, item)) {
      explain(inner, item, path.concat(key), issues);
    }
  }
}
/**
 * Lists into `issues` what makes `value` differ from `node`, each with its path: nothing when
 * the value fits. The generated `is…` validators give the same yes/no answer, faster.
 */
export function explain(node: SchemaNode, value: unknown, path: Path, issues: Issue[]): void {
  if (value == null && isOptional(node)) return;
  let expected: string;
  if (typeof node === 'string') {
    if (fitsTypes(node, value)) return;
    expected = node.replace('?', '').split('|').join(' or ');
  } else if (node.literal !== undefined || node.oneOf !== undefined) {
    const values = node.oneOf !== undefined ? node.oneOf : [node.literal as string];
    if (values.indexOf(value as string) !== -1) return;
    const list = values.map((item) => JSON.stringify(item)).join(', ');
    const got = typeof value === 'string' ? quote(value) : kindOf(value);
    const message = `expected ${values.length > 1 ? 'one of ' : ''}${list}, got ${got}`;
    issues.push({ path, message: value === undefined ? 'is required' : message });
    return;
  } else if (node.minLength !== undefined) {
    if (typeof value !== 'string') explain('string', value, path, issues);
    // The length is checked on anything that has one, a string or not (as the schemas do).
    const length = value == null ? undefined : (value as { length?: unknown }).length;
    const count = typeof value === 'string' ? codePointLength(value) : length;
    if (length !== undefined && !((count as number) >= node.minLength)) {
      issues.push({ path, message: node.message !== undefined ? node.message : 'is too small' });
    }
    return;
  } else if (node.record !== undefined) {
    if (isZodPlainObject(value)) {
      const inner = node.record;
      for (const key of Object.keys(value)) {
        if (key === '__proto__') continue;
        if (typeof inner !== 'string' || !fitsTypes(inner, value[key])) {
          explain(inner, value[key], path.concat(key), issues);
        }
      }
      for (const symbol of Object.getOwnPropertySymbols(value)) {
        if (Object.prototype.propertyIsEnumerable.call(value, symbol)) {
          issues.push({ path: path.concat(String(symbol)), message: 'Invalid input' });
        }
      }
      return;
    }
    expected = 'record';
  } else {
    if (isRecord(value)) return explainKeys(node, value, path, issues);
    expected = 'object';
  }
  issues.push({
    path,
    message: value === undefined ? 'is required' : `expected ${expected}, got ${kindOf(value)}`,
  });
}
