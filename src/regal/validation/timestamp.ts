import { fail, kindOf, type Context, type Path } from './context.js';

const ISO_8601 =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * Internal: a `Date` becomes its ISO 8601 string; a string must already be an ISO 8601 date or
 * date-time and is sent as written.
 */
export function toTimestamp(value: unknown, path: Path, ctx: Context): string | undefined {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return fail(ctx, path, 'is an invalid Date');
    return value.toISOString();
  }
  if (typeof value === 'string') {
    if (ISO_8601.test(value.trim()) && !Number.isNaN(Date.parse(value))) return value;
    return fail(
      ctx,
      path,
      'must be an ISO 8601 date string (e.g. "2024-05-01T12:00:00Z") or a Date',
    );
  }
  return fail(ctx, path, `must be a Date or an ISO 8601 date string (got ${kindOf(value)})`);
}
