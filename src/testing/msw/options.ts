import type { Issue } from '../../errors/index.js';
import { isPlainObject } from '../../shared/objects.js';

/** Checks an options object against its known keys; pushes an issue per unknown key. */
export function checkKnownKeys(
  options: unknown,
  known: ReadonlySet<string>,
  issues: Issue[],
): Record<string, unknown> {
  if (options === undefined) return {};
  if (!isPlainObject(options)) {
    issues.push({ path: [], message: 'must be an object' });
    return {};
  }
  for (const key of Object.keys(options)) {
    if (!known.has(key)) issues.push({ path: [key], message: 'unknown option' });
  }
  return options;
}

/** An absolute http(s) URL without its trailing slashes; pushes an issue when it is not one. */
export function checkBaseUrl(value: unknown, name: string, issues: Issue[]): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && /^https?:\/\/[^/\s]+/i.test(value)) {
    try {
      return new URL(value).href.replace(/\/+$/, '');
    } catch {
      // reported below
    }
  }
  issues.push({ path: [name], message: 'must be an absolute http(s) URL' });
  return undefined;
}

/** A non-empty string option; pushes an issue when it is something else. */
export function checkApiKey(value: unknown, issues: Issue[]): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && value.trim() !== '') return value;
  issues.push({ path: ['apiKey'], message: 'must be a non-empty string' });
  return undefined;
}
