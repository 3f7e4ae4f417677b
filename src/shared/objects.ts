// What "an object" means, in the two senses the SDK needs.

/**
 * Any non-null object that is not an array (class instances included): something whose keys can
 * be read. Use it where the value's own keys are all that matters.
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Plain data: an object literal or `Object.create(null)`, of any realm (a `vm` context, a test
 * sandbox, an iframe); not an array, a Date, a Map or a class instance. Use it where untrusted
 * input is walked or copied as JSON-like data.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as object | null;
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}
