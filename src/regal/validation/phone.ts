// `max` metadata, deliberately: Regal validates numbers with Google's libphonenumber (full
// metadata) after accepting the request and silently drops the invalid ones. The `min` metadata
// only checks lengths, so it would let through numbers Regal then drops (e.g. +33 7 00 00 00 00,
// an unallocated French mobile range). Cost: ~145 kB of metadata, loaded only by this module
// (the `regal-braze/transforms` entry never imports it).
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { fail, kindOf, type Context, type Path } from './context.js';

/**
 * Internal: parses a phone number and returns it in E.164 (`+14155550123`). Numbers written
 * without `+` are read in `ctx.defaultCountry`. Messages never repeat the number (it is
 * personal data).
 */
export function normalisePhone(value: unknown, path: Path, ctx: Context): string | undefined {
  if (typeof value !== 'string') return fail(ctx, path, `must be a string (got ${kindOf(value)})`);
  const international = value.trim().startsWith('+');
  const parsed = parsePhoneNumberFromString(value, {
    defaultCountry: ctx.defaultCountry,
    extract: false,
  });
  if (parsed === undefined || !parsed.isValid()) {
    const hint =
      !international && ctx.defaultCountry === undefined
        ? ': write it in international format (+ and country code) or set the defaultCountry option'
        : '';
    return fail(ctx, path, `is not a valid phone number${hint}`);
  }
  if (parsed.ext !== undefined) {
    return fail(ctx, path, 'has an extension, which E.164 (what Regal stores) cannot carry');
  }
  return parsed.number;
}
