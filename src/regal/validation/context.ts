import type { CountryCode } from 'libphonenumber-js/max';
import { isPlainObject } from '../../common/objects.js';
import type { Issue, Path } from '../../common/text.js';

export type { Path } from '../../common/text.js';

/** Internal: state of one validation pass. */
export interface Context {
  /** Problems that block the request. */
  readonly issues: Issue[];
  /** Inputs Regal accepts but may ignore (logged as warnings). */
  readonly warnings: Issue[];
  /** Country used to read numbers written without `+`. */
  readonly defaultCountry: CountryCode | undefined;
}

/** Internal: a fresh context. */
export function newContext(defaultCountry: CountryCode | undefined): Context {
  return { issues: [], warnings: [], defaultCountry };
}

/** Internal: what a value is, for messages ("got a number"). Never prints the value itself. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a Date';
  if (typeof value === 'object') return isPlainObject(value) ? 'an object' : 'a class instance';
  if (typeof value === 'undefined') return 'undefined';
  return /^[aeiou]/.test(typeof value) ? `an ${typeof value}` : `a ${typeof value}`;
}

/** Internal: records an issue. */
export function fail(ctx: Context, path: Path, message: string): undefined {
  ctx.issues.push({ path, message });
  return undefined;
}

/** Internal: a string, or an issue. */
export function checkString(value: unknown, path: Path, ctx: Context): string | undefined {
  if (typeof value === 'string') return value;
  return fail(ctx, path, `must be a string (got ${kindOf(value)})`);
}

/** Internal: a non-blank string, or an issue. */
export function checkNonEmptyString(value: unknown, path: Path, ctx: Context): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (typeof value === 'string') return fail(ctx, path, 'must not be empty');
  return fail(ctx, path, `must be a string (got ${kindOf(value)})`);
}

/** Internal: a boolean, or an issue. */
export function checkBoolean(value: unknown, path: Path, ctx: Context): boolean | undefined {
  if (typeof value === 'boolean') return value;
  return fail(ctx, path, `must be true or false (got ${kindOf(value)})`);
}
