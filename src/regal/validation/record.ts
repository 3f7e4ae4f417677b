import { isPlainObject } from '../../common/objects.js';
import { fail, kindOf, type Context, type Path } from './context.js';

/** Internal: checks and normalises one field; returns `undefined` after recording an issue. */
export type FieldCheck = (value: unknown, path: Path, ctx: Context) => unknown;

/**
 * Internal: checks a plain object with a fixed set of fields. Keys keep the caller's order,
 * `undefined` values count as absent, unknown keys and missing required ones are issues.
 * `what` names the object in messages ("an opt-in").
 */
export function checkRecord(
  value: unknown,
  path: Path,
  ctx: Context,
  what: string,
  fields: Readonly<Record<string, FieldCheck>>,
  required: readonly string[] = [],
): Record<string, unknown> | undefined {
  if (!isPlainObject(value))
    return fail(ctx, path, `must be ${what} object (got ${kindOf(value)})`);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    const check = Object.hasOwn(fields, key) ? fields[key] : undefined;
    if (check === undefined) {
      fail(ctx, [...path, key], `unknown key (${what} takes ${Object.keys(fields).join(', ')})`);
      continue;
    }
    out[key] = check(item, [...path, key], ctx);
  }
  for (const key of required) {
    if (value[key] === undefined) fail(ctx, [...path, key], 'is required');
  }
  return out;
}
