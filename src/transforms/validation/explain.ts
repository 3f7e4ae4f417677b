// Validation: why a payload is refused, field by field, in the words every regal-braze refusal
// uses. The descriptions it reads (SchemaNode) are generated from the zod schemas.
import { isRecord } from '../../shared/objects.js';
import { quote, type Issue } from '../../shared/text.js';

/**
 * What a payload field may hold, as the schemas say, in a form small enough to read:
 * - a string of types joined by `|` (`string`, `number`, `boolean`, `array` (of anything),
 *   `unknown`), ending in `?` when `null` or absent is also fine: `"string|number?"`;
 * - an object for the rest, with `nullish: true` when `null` or absent is also fine:
 *   `{ literal }`, `{ oneOf }`, `{ minLength, message }` (a string), `{ object, rest }` (the
 *   listed keys, and a description of any other key), `{ record }` (any keys, one description
 *   for their values), `{ array }`.
 */
export type SchemaNode = string | SchemaObject;

/** The object form of {@link SchemaNode}. */
export interface SchemaObject {
  readonly nullish?: boolean;
  readonly literal?: string;
  readonly oneOf?: readonly string[];
  readonly minLength?: number;
  readonly message?: string;
  readonly object?: Readonly<Record<string, SchemaNode>>;
  readonly rest?: SchemaNode;
  readonly record?: SchemaNode;
  readonly array?: SchemaNode;
}

type Path = readonly (string | number)[];

/**
 * What zod's records accept as an object: one whose constructor, if any, is an `Object` of some
 * realm (so `{}`, `Object.create(null)` and `JSON.parse` output, not a class instance).
 */
export function isZodPlainObject(value: unknown): value is Record<string, unknown> {
  if (!isRecord(value)) return false;
  const ctor = value.constructor;
  if (ctor === undefined || typeof ctor !== 'function') return true;
  const proto: unknown = ctor.prototype;
  return isRecord(proto) && Object.prototype.hasOwnProperty.call(proto, 'isPrototypeOf');
}

/** True when an object has no enumerable symbol key (JSON never has one). */
export function hasNoSymbolKeys(value: object): boolean {
  const symbols = Object.getOwnPropertySymbols(value);
  for (let i = 0; i < symbols.length; i++) {
    if (Object.prototype.propertyIsEnumerable.call(value, symbols[i] as symbol)) return false;
  }
  return true;
}

/** The number of Unicode code points in a string (a lone surrogate counts as one). */
export function codePointLength(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count--;
        i++;
      }
    }
  }
  return count;
}

/** What a value is, in the words of a refusal: `null`, `array`, or its `typeof`. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function hasType(type: string, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    default:
      return type === 'unknown';
  }
}

function isOptional(node: SchemaNode): boolean {
  return typeof node === 'string' ? node.charAt(node.length - 1) === '?' : node.nullish === true;
}

function expected(what: string, value: unknown, path: Path, issues: Issue[]): void {
  issues.push({
    path,
    message: value === undefined ? 'is required' : `expected ${what}, got ${kindOf(value)}`,
  });
}

function notOneOf(values: readonly string[], value: unknown, path: Path, issues: Issue[]): void {
  const list = values.map((item) => JSON.stringify(item)).join(', ');
  const got = typeof value === 'string' ? quote(value) : kindOf(value);
  issues.push({
    path,
    message:
      value === undefined
        ? 'is required'
        : `expected ${values.length === 1 ? list : `one of ${list}`}, got ${got}`,
  });
}

function explainKey(
  node: SchemaNode,
  holder: Record<string, unknown>,
  key: string,
  path: Path,
  issues: Issue[],
): void {
  const keyPath = path.concat(key);
  if (key in holder) {
    explain(node, holder[key], keyPath, issues);
  } else if (!isOptional(node)) {
    // An absent key the schema does not mark optional is missing, even if it accepts anything.
    const before = issues.length;
    explain(node, undefined, keyPath, issues);
    if (issues.length === before) issues.push({ path: keyPath, message: 'is required' });
  }
}

function explainObject(node: SchemaObject, value: unknown, path: Path, issues: Issue[]): void {
  if (!isRecord(value)) return expected('object', value, path, issues);
  const shape = node.object as Readonly<Record<string, SchemaNode>>;
  for (const key of Object.keys(shape)) {
    explainKey(shape[key] as SchemaNode, value, key, path, issues);
  }
  const rest = node.rest;
  if (rest === undefined) return;
  for (const key in value) {
    if (key !== '__proto__' && !Object.prototype.hasOwnProperty.call(shape, key)) {
      explainKey(rest, value, key, path, issues);
    }
  }
}

function explainRecord(node: SchemaNode, value: unknown, path: Path, issues: Issue[]): void {
  if (!isZodPlainObject(value)) return expected('record', value, path, issues);
  for (const key of Object.keys(value)) {
    if (key !== '__proto__') explain(node, value[key], path.concat(key), issues);
  }
  for (const symbol of Object.getOwnPropertySymbols(value)) {
    if (Object.prototype.propertyIsEnumerable.call(value, symbol)) {
      issues.push({ path: path.concat(String(symbol)), message: 'Invalid input' });
    }
  }
}

/**
 * Lists into `issues` what makes `value` differ from `node`, each with its path: nothing when
 * the value fits. The generated `is…` validators give the same yes/no answer, faster.
 */
export function explain(node: SchemaNode, value: unknown, path: Path, issues: Issue[]): void {
  if (value == null && isOptional(node)) return;
  if (typeof node === 'string') {
    const types = node.replace(/\?$/, '').split('|');
    for (let i = 0; i < types.length; i++) if (hasType(types[i] as string, value)) return;
    return expected(types.join(' or '), value, path, issues);
  }
  if (node.literal !== undefined) {
    if (value !== node.literal) notOneOf([node.literal], value, path, issues);
  } else if (node.oneOf !== undefined) {
    if (node.oneOf.indexOf(value as string) === -1) notOneOf(node.oneOf, value, path, issues);
  } else if (node.minLength !== undefined) {
    if (typeof value !== 'string') expected('string', value, path, issues);
    // As zod does, the length is checked on anything that has one, a string or not.
    const length = value == null ? undefined : (value as { length?: unknown }).length;
    if (length === undefined) return;
    const count = typeof value === 'string' ? codePointLength(value) : length;
    if (!((count as number) >= node.minLength)) {
      issues.push({ path, message: node.message === undefined ? 'is too small' : node.message });
    }
  } else if (node.object !== undefined) {
    explainObject(node, value, path, issues);
  } else if (node.record !== undefined) {
    explainRecord(node.record, value, path, issues);
  } else if (node.array !== undefined) {
    if (!Array.isArray(value)) return expected('array', value, path, issues);
    for (let i = 0; i < value.length; i++) explain(node.array, value[i], path.concat(i), issues);
  }
}
