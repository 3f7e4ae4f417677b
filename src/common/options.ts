// The option toolbox: each options object is described once, as a spec (name -> check -> default
// -> environment variable), and read by `readOptions`. Adding an option is one line of its spec.
import { isRecord } from './objects.js';
import type { Issue, Path } from './text.js';

/**
 * Checks one given value. Pushes an issue at `path` and returns `undefined` when it is bad;
 * otherwise returns the value to keep (possibly normalised: a URL without its trailing slash).
 */
export type Check<T> = (value: unknown, path: Path, issues: Issue[]) => T | undefined;

/** How one option is read. */
export interface OptionRule<T> {
  /** Run on a given value (from the option or its environment variable), never on the default. */
  readonly check: Check<T>;
  /** Used when the option is not given (nor its environment variable set). */
  readonly default?: T;
  /**
   * Environment variable read when the option is not given. Issues about its value start with
   * its name (`BRAZE_API_KEY must be …`), so the reader knows where the bad value came from.
   */
  readonly env?: string;
  /**
   * The option must be given (or its environment variable set). A string is added to the
   * "is required" message, e.g. `(an instance name such as "US-01" or a URL)`.
   */
  readonly required?: true | string;
}

/** The rules of an options object, in the order its keys are listed and checked. */
export type OptionsSpec = Readonly<Record<string, OptionRule<unknown>>>;

type CheckedBy<R> = R extends { readonly check: Check<infer T> } ? T : never;

/** What {@link readOptions} returns: each option's value; `undefined` only for optional ones without default. */
export type ResolvedOptions<S extends OptionsSpec> = {
  -readonly [K in keyof S]: S[K] extends
    { readonly default: unknown } | { readonly required: unknown }
    ? CheckedBy<S[K]>
    : CheckedBy<S[K]> | undefined;
};

/** How {@link readOptions} treats the object as a whole. */
export interface ReadOptionsSettings {
  /** Message of an unknown key. Default: `unknown key (expected <every name of the spec>)`. */
  readonly unknownKey?: string;
  /** Where the options object sits in a larger input (issue paths start with it). Default `[]`. */
  readonly path?: Path;
}

/**
 * Internal: reads an environment variable where the runtime has `process.env` (Node, Bun, Deno
 * with Node compatibility), without touching Node APIs elsewhere. Empty values count as unset.
 */
export function readEnv(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  const value = env?.[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}

function reportUnknownKeys(
  value: object,
  isKnown: (key: string) => boolean,
  path: Path,
  issues: Issue[],
  message: string,
): void {
  for (const key of Object.keys(value)) {
    if (!isKnown(key)) issues.push({ path: [...path, key], message });
  }
}

/**
 * Pushes an issue `unknown key (<hint>)` for each own key of `value` not in `known`: the shape
 * check of an object that is not read through a spec.
 */
export function checkKnownKeys(
  value: object,
  known: readonly string[],
  path: Path,
  issues: Issue[],
  hint: string,
): void {
  reportUnknownKeys(value, (key) => known.includes(key), path, issues, `unknown key (${hint})`);
}

/**
 * Reads an options object against its spec: `undefined` counts as `{}`; anything but an object
 * (`null`, an array) is one issue at the root; then unknown keys, then each option in spec order (given value,
 * else environment variable, else default). Pushes every problem found to `issues`; the result
 * is complete only when none was pushed, so callers throw when `issues` is not empty.
 */
export function readOptions<S extends OptionsSpec>(
  spec: S,
  given: unknown,
  issues: Issue[],
  settings: ReadOptionsSettings = {},
): ResolvedOptions<S> {
  const root = settings.path ?? [];
  const out: Record<string, unknown> = {};
  const options = given === undefined ? {} : given;
  if (!isRecord(options)) {
    issues.push({ path: root, message: 'must be an object' });
    return out as ResolvedOptions<S>;
  }
  const unknownKey =
    settings.unknownKey ?? `unknown key (expected ${Object.keys(spec).join(', ')})`;
  reportUnknownKeys(options, (key) => Object.hasOwn(spec, key), root, issues, unknownKey);
  for (const [name, rule] of Object.entries(spec)) {
    const path = [...root, name];
    let value = options[name];
    const fromEnv = value === undefined && rule.env !== undefined;
    if (fromEnv) value = readEnv(rule.env as string);
    if (value === undefined) {
      if (rule.required !== undefined) {
        const where = rule.env === undefined ? '' : ` or set the ${rule.env} environment variable`;
        const hint = rule.required === true ? '' : ` ${rule.required}`;
        issues.push({ path, message: `is required: pass the ${name} option${where}${hint}` });
      }
      out[name] = rule.default;
      continue;
    }
    const before = issues.length;
    out[name] = rule.check(value, path, issues);
    if (fromEnv) {
      for (let i = before; i < issues.length; i++) {
        const issue = issues[i] as Issue;
        issues[i] = { path: issue.path, message: `${rule.env as string} ${issue.message}` };
      }
    }
  }
  return out as ResolvedOptions<S>;
}

// ---- Checks shared by several specs -------------------------------------------------------

/** The largest delay `setTimeout` accepts: the limit of durations, never of sizes or counts. */
export const MAX_TIMEOUT_MS = 2_147_483_647;

/** A whole number from `min` to `max` (no upper bound by default: sizes, counts). */
export function wholeNumber(min: number, max = Number.MAX_SAFE_INTEGER): Check<number> {
  const message =
    max === Number.MAX_SAFE_INTEGER
      ? `must be a whole number, ${min} or more`
      : `must be a whole number from ${min} to ${max}`;
  return (value, path, issues) => {
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) {
      return value;
    }
    issues.push({ path, message });
    return undefined;
  };
}

/** A duration a timer can wait: a positive number of milliseconds up to {@link MAX_TIMEOUT_MS}. */
export const milliseconds: Check<number> = (value, path, issues) => {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= MAX_TIMEOUT_MS) {
    return value;
  }
  issues.push({
    path,
    message: `must be a number of milliseconds between 1 and ${MAX_TIMEOUT_MS}`,
  });
  return undefined;
};

/** `true` or `false`. */
export const boolean: Check<boolean> = (value, path, issues) => {
  if (typeof value === 'boolean') return value;
  issues.push({ path, message: 'must be a boolean' });
  return undefined;
};

/** A string with something besides white space. */
export const nonEmptyString: Check<string> = (value, path, issues) => {
  if (typeof value === 'string' && value.trim() !== '') return value;
  issues.push({ path, message: 'must be a non-empty string' });
  return undefined;
};

// A header value: visible ASCII, no spaces (so "Bearer <key>" is unambiguous). fetch's own error
// for a bad header value would quote it: check first, and never echo it.
const HEADER_TOKEN = /^[\x21-\x7e]+$/;

/** A secret sent in a header (API key, shared secret); the message gives the rule, never the value. */
export const secretToken: Check<string> = (value, path, issues) => {
  if (typeof value === 'string' && HEADER_TOKEN.test(value)) return value;
  issues.push({
    path,
    message: 'must be a non-empty string of visible ASCII characters (no spaces or line breaks)',
  });
  return undefined;
};

/** A function; `what` names it in the message (`must be a fetch function`). */
export function callable<T extends (...args: never[]) => unknown>(what = 'a function'): Check<T> {
  return (value, path, issues) => {
    if (typeof value === 'function') return value as T;
    issues.push({ path, message: `must be ${what}` });
    return undefined;
  };
}

/**
 * An object whose `methods` are functions (a store, a queue): `must be <what>` when it is not an
 * object, else `<method>: must be a function` for each one missing.
 */
export function implementing<T>(methods: readonly string[], what: string): Check<T> {
  return (value, path, issues) => {
    if (typeof value !== 'object' || value === null) {
      issues.push({ path, message: `must be ${what}` });
      return undefined;
    }
    const before = issues.length;
    for (const method of methods) {
      if (typeof (value as Record<string, unknown>)[method] !== 'function') {
        issues.push({ path: [...path, method], message: 'must be a function' });
      }
    }
    return issues.length === before ? (value as T) : undefined;
  };
}

/** An http(s) base URL without credentials, query or fragment; kept without trailing slashes. */
export const httpBaseUrl: Check<string> = (value, path, issues) => {
  const fail = (message: string): undefined => {
    issues.push({ path, message });
    return undefined;
  };
  if (typeof value !== 'string') return fail('must be an http or https URL string');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail('must be an absolute http or https URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return fail('must use http or https');
  if (url.username !== '' || url.password !== '') {
    return fail('must not contain credentials (user:password@)');
  }
  if (url.search !== '' || url.hash !== '') {
    return fail('must not contain a query string or fragment');
  }
  return url.href.replace(/\/+$/, '');
};
