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

/**
 * Sets `key` on a copy being built as an own, enumerable data property, `"__proto__"` included:
 * `target[key] = value` would change the copy's prototype instead, and the key would be lost.
 */
export function setOwnProperty(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    target[key] = value;
  }
}
