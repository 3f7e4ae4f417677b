import { isPlainObject } from '../common/objects.js';

/** Sets an own, enumerable key, even `__proto__`, as `JSON.parse` would. */
export function defineKey(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/**
 * A deep copy of JSON-like data, made of this realm's objects and arrays at any depth; other values
 * as they are.
 */
export function cloneData(value: unknown): unknown {
  if (Array.isArray(value)) return Array.from(value, (item) => cloneData(item));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) defineKey(out, key, cloneData(value[key]));
  return out;
}
