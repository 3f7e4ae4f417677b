import { fail, kindOf, type Context, type Path } from './context.js';

// One @, no spaces, a dot in the domain, no characters that need quoting: what every sending
// system accepts. Full RFC 5322 syntax is far wider than any real mailbox.
const EMAIL = /^[^\s@"(),:;<>[\]\\]+@[^\s@"(),:;<>[\]\\.]+(?:\.[^\s@"(),:;<>[\]\\.]+)+$/;

/** Internal: an email address, sent as written; an issue when it cannot be one. */
export function checkEmail(value: unknown, path: Path, ctx: Context): string | undefined {
  if (typeof value !== 'string') return fail(ctx, path, `must be a string (got ${kindOf(value)})`);
  if (value.length > 254 || !EMAIL.test(value)) {
    return fail(ctx, path, 'is not a valid email address');
  }
  return value;
}
