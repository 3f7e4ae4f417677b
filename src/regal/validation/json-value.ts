import { isPlainObject, setOwnProperty } from '../../common/objects.js';
import { fail, kindOf, type Context, type Path } from './context.js';

/**
 * Internal: checks that `value` survives JSON unchanged and returns it ready to send: `Date`s
 * become ISO 8601 strings, object keys keep their order, `undefined` object values are left
 * out (as an absent optional field). Everything JSON would silently change is an issue: `NaN`,
 * `Infinity`, `undefined` in arrays, bigint, functions, symbols, class instances, cycles.
 */
export function toJsonValue(
  value: unknown,
  path: Path,
  ctx: Context,
  ancestors: object[] = [],
): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (Number.isFinite(value)) return value;
      return fail(
        ctx,
        path,
        `must be a finite number (got ${String(value)}, which JSON cannot carry)`,
      );
    case 'object':
      break;
    default:
      return fail(
        ctx,
        path,
        `must be a string, number, boolean, null, Date, array or plain object (got ${kindOf(value)})`,
      );
  }
  if (value === null) return null;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return fail(ctx, path, 'is an invalid Date');
    return value.toISOString();
  }
  if (ancestors.includes(value)) return fail(ctx, path, 'is a circular reference');
  if (Array.isArray(value)) {
    ancestors.push(value);
    const out = value.map((item: unknown, index) =>
      item === undefined
        ? fail(ctx, [...path, index], 'must not be undefined (JSON would turn it into null)')
        : toJsonValue(item, [...path, index], ctx, ancestors),
    );
    ancestors.pop();
    return out;
  }
  if (!isPlainObject(value)) {
    return fail(
      ctx,
      path,
      `must be a string, number, boolean, null, Date, array or plain object (got ${kindOf(value)})`,
    );
  }
  ancestors.push(value);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    setOwnProperty(out, key, toJsonValue(item, [...path, key], ctx, ancestors));
  }
  ancestors.pop();
  return out;
}
