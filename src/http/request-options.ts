import { ValidationError, type Issue } from '../errors/index.js';
import { readEnv } from './env.js';

/**
 * Options of one call (`regal.trackEvent(event, options)`), overriding the client's for that
 * call only.
 *
 * @example
 * ```ts
 * await regal.trackEvent(event, {
 *   signal: AbortSignal.timeout(30_000), // give up after 30 s in all, retries included
 *   timeout: 5_000, // each attempt
 *   maxRetries: 0, // no retry: never risk recording the event twice
 * });
 * ```
 */
export interface RequestOptions {
  /** Aborts the call (waiting, attempts and retries) with a `RequestAbortedError`. */
  signal?: AbortSignal;
  /** Milliseconds each attempt may take, answer body included. */
  timeout?: number;
  /** Retries after the first attempt; `0` sends the request once. */
  maxRetries?: number;
}

/**
 * A `fetch` implementation. The SDK calls it once per attempt, retries included, with a `Request`
 * (its URL, method, headers, body and `signal` set) and an init object whose `body` is the same
 * JSON text as the request's. The global `fetch` fits, and so does a wrapper that adds a proxy
 * agent, tracing or a test double: pass both on, `fetch(request, init)`, so that fetch sends the
 * text as is instead of piping the request's body stream. A wrapper must honour the request's
 * signal, which the per-attempt timeout and your own `signal` abort.
 */
export type FetchLike = (input: Request, init?: RequestInit) => Promise<Response>;

/** The largest delay `setTimeout` accepts, so the largest usable `timeout`. */
export const MAX_TIMEOUT_MS = 2_147_483_647;

type Path = readonly (string | number)[];

/** Internal: a per-attempt timeout must be a positive number of milliseconds. */
export function checkTimeout(value: unknown, path: Path, issues: Issue[]): void {
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value <= 0 ||
    value > MAX_TIMEOUT_MS
  ) {
    issues.push({
      path,
      message: `must be a number of milliseconds between 1 and ${MAX_TIMEOUT_MS}`,
    });
  }
}

/** Internal: a retry count must be a whole number, 0 or more. */
export function checkMaxRetries(value: unknown, path: Path, issues: Issue[]): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    issues.push({ path, message: 'must be a whole number, 0 or more (0 disables retries)' });
  }
}

/** Internal: a pacing limit must be a whole number of requests, or `Infinity` for no pacing. */
export function checkMaxRequestsPerSecond(value: unknown, path: Path, issues: Issue[]): void {
  if (value === Number.POSITIVE_INFINITY) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    issues.push({ path, message: 'must be a whole number, 1 or more, or Infinity (no pacing)' });
  }
}

/** Internal: a custom fetch must be a function. */
export function checkFetch(value: unknown, path: Path, issues: Issue[]): void {
  if (typeof value !== 'function') issues.push({ path, message: 'must be a fetch function' });
}

/** Internal: a logger must be an object whose methods, if present, are functions. */
export function checkLogger(value: unknown, path: Path, issues: Issue[]): void {
  if (typeof value !== 'object' || value === null) {
    issues.push({ path, message: 'must be an object with debug/info/warn/error methods' });
    return;
  }
  for (const level of ['debug', 'info', 'warn', 'error'] as const) {
    const method = (value as Record<string, unknown>)[level];
    if (method !== undefined && typeof method !== 'function') {
      issues.push({ path: [...path, level], message: 'must be a function' });
    }
  }
}

function isAbortSignal(value: unknown): value is AbortSignal {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AbortSignal).aborted === 'boolean' &&
    typeof (value as AbortSignal).addEventListener === 'function'
  );
}

/** Internal: an http(s) base URL, without credentials, query or fragment. */
// Header values cannot hold line breaks or non-Latin-1 text, and fetch's own error for such a
// value would quote it: check first, and never echo it.
const API_KEY = /^[\x21-\x7e]+$/;
/** Internal: the shortest API key accepted; real Regal and Braze keys are far longer. */
export const MIN_API_KEY_LENGTH = 8;

/**
 * Checks an API key given as an option or, failing that, by the environment variable `envName`;
 * pushes an issue naming both when it is missing, and the rule (never the value) when it is bad.
 */
export function checkApiKey(
  fromOption: unknown,
  envName: string,
  issues: Issue[],
): string | undefined {
  const value = fromOption ?? readEnv(envName);
  if (value === undefined) {
    issues.push({
      path: ['apiKey'],
      message: `is required: pass the apiKey option or set the ${envName} environment variable`,
    });
    return undefined;
  }
  if (typeof value !== 'string' || !API_KEY.test(value)) {
    const rule =
      'must be a non-empty string of visible ASCII characters (no spaces or line breaks)';
    issues.push({
      path: ['apiKey'],
      message: fromOption === undefined ? `${envName} ${rule}` : rule,
    });
    return undefined;
  }
  if (value.length < MIN_API_KEY_LENGTH) {
    const rule = `is shorter than ${MIN_API_KEY_LENGTH} characters: Regal and Braze API keys are much longer, so this is a placeholder or a truncated key (and masking it would garble every log line)`;
    issues.push({
      path: ['apiKey'],
      message: fromOption === undefined ? `${envName} ${rule}` : rule,
    });
    return undefined;
  }
  return value;
}

export function checkBaseUrl(value: unknown, path: Path, issues: Issue[]): string | undefined {
  if (typeof value !== 'string') {
    issues.push({ path, message: 'must be an http or https URL string' });
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    issues.push({ path, message: 'must be an absolute http or https URL' });
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    issues.push({ path, message: 'must use http or https' });
    return undefined;
  }
  if (url.username !== '' || url.password !== '') {
    issues.push({ path, message: 'must not contain credentials (user:password@)' });
    return undefined;
  }
  if (url.search !== '' || url.hash !== '') {
    issues.push({ path, message: 'must not contain a query string or fragment' });
    return undefined;
  }
  return url.href.replace(/\/+$/, '');
}

/** Internal: reports keys of `value` that are not in `known`. */
export function checkKnownKeys(
  value: object,
  known: readonly string[],
  path: Path,
  issues: Issue[],
  hint: string,
): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key))
      issues.push({ path: [...path, key], message: `unknown key (${hint})` });
  }
}

/**
 * Internal: validates the per-call options of a client method; throws a `ValidationError` whose
 * target is `"<method> options"`.
 */
export function validateRequestOptions(options: unknown, method: string): RequestOptions {
  if (options === undefined) return {};
  const issues: Issue[] = [];
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError(`${method} options`, [{ path: [], message: 'must be an object' }]);
  }
  checkKnownKeys(
    options,
    ['signal', 'timeout', 'maxRetries'],
    [],
    issues,
    'expected signal, timeout or maxRetries',
  );
  const { signal, timeout, maxRetries } = options as Record<string, unknown>;
  if (signal !== undefined && !isAbortSignal(signal)) {
    issues.push({ path: ['signal'], message: 'must be an AbortSignal' });
  }
  if (timeout !== undefined) checkTimeout(timeout, ['timeout'], issues);
  if (maxRetries !== undefined) checkMaxRetries(maxRetries, ['maxRetries'], issues);
  if (issues.length > 0) throw new ValidationError(`${method} options`, issues);
  return options as RequestOptions;
}

/**
 * Checks the options every client hands to the HTTP layer, each when given: `timeout`,
 * `maxRetries`, `maxRequestsPerSecond`, `fetch`, `logger`.
 */
export function checkHttpOptions(options: Record<string, unknown>, issues: Issue[]): void {
  if (options.timeout !== undefined) checkTimeout(options.timeout, ['timeout'], issues);
  if (options.maxRetries !== undefined) checkMaxRetries(options.maxRetries, ['maxRetries'], issues);
  if (options.maxRequestsPerSecond !== undefined) {
    checkMaxRequestsPerSecond(options.maxRequestsPerSecond, ['maxRequestsPerSecond'], issues);
  }
  if (options.fetch !== undefined) checkFetch(options.fetch, ['fetch'], issues);
  if (options.logger !== undefined) checkLogger(options.logger, ['logger'], issues);
}
