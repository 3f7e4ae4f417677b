import type { Issue } from '../../errors/index.js';
import { isPlainObject } from '../../common/objects.js';
import { cloneData, defineKey } from '../plain-data.js';

/**
 * Makes every key of `T` optional, at any depth, and lets it be `undefined` (which removes the
 * key, see {@link regalEvent}). Arrays are taken whole.
 */
export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> | undefined }
    : T;

/**
 * Merges `overrides` into `base` (which it changes): plain objects merge key by key, at any
 * depth; any other value (array, `null`, string…) replaces what was there; `undefined` removes
 * the key. Values are copied, so the result shares nothing with `overrides`.
 */
export function deepMerge(
  base: Record<string, unknown>,
  overrides: Record<string, unknown>,
): Record<string, unknown> {
  for (const key of Object.keys(overrides)) {
    const value = overrides[key];
    const current = Object.prototype.hasOwnProperty.call(base, key) ? base[key] : undefined;
    if (value === undefined) delete base[key];
    else if (isPlainObject(value) && isPlainObject(current)) deepMerge(current, value);
    else defineKey(base, key, cloneData(value));
  }
  return base;
}

/** Issues of an overrides argument that is not a plain object. */
export function checkOverrides(overrides: unknown): Issue[] {
  if (overrides === undefined || isPlainObject(overrides)) return [];
  return [{ path: ['overrides'], message: 'must be a plain object' }];
}
