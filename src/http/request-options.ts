import { collectIssues } from '../errors/errors.js';
import {
  callable,
  milliseconds,
  readOptions,
  secretToken,
  type Check,
  type OptionsSpec,
  type ResolvedOptions,
} from '../common/options.js';
import type { Logger } from './logger.js';

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

// ---- Checks of the options every client hands to the HTTP layer --------------------------

/** Internal: a retry count, 0 or more. */
export const retryCount: Check<number> = (value, path, issues) => {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  issues.push({ path, message: 'must be a whole number, 0 or more (0 disables retries)' });
  return undefined;
};

/** Internal: a pacing limit, a whole number of requests, or `Infinity` for no pacing. */
export const requestsPerSecond: Check<number> = (value, path, issues) => {
  if (value === Number.POSITIVE_INFINITY) return value;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return value;
  issues.push({ path, message: 'must be a whole number, 1 or more, or Infinity (no pacing)' });
  return undefined;
};

/** Internal: a custom fetch. */
export const fetchFunction = callable<FetchLike>('a fetch function');

/** Internal: a logger, an object whose methods, if present, are functions. */
export const logger: Check<Logger> = (value, path, issues) => {
  if (typeof value !== 'object' || value === null) {
    issues.push({ path, message: 'must be an object with debug/info/warn/error methods' });
    return undefined;
  }
  const before = issues.length;
  for (const level of ['debug', 'info', 'warn', 'error'] as const) {
    const method = (value as Record<string, unknown>)[level];
    if (method !== undefined && typeof method !== 'function') {
      issues.push({ path: [...path, level], message: 'must be a function' });
    }
  }
  return issues.length === before ? (value as Logger) : undefined;
};

const abortSignal: Check<AbortSignal> = (value, path, issues) => {
  if (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AbortSignal).aborted === 'boolean' &&
    typeof (value as AbortSignal).addEventListener === 'function'
  ) {
    return value as AbortSignal;
  }
  issues.push({ path, message: 'must be an AbortSignal' });
  return undefined;
};

/** Internal: the shortest API key accepted; real Regal and Braze keys are far longer. */
export const MIN_API_KEY_LENGTH = 8;

/**
 * Internal: an API key (Regal's or Braze's): a header token, and not a short placeholder, which
 * masking in logs would turn into garbled lines.
 */
export const apiKey: Check<string> = (value, path, issues) => {
  const key = secretToken(value, path, issues);
  if (key === undefined || key.length >= MIN_API_KEY_LENGTH) return key;
  issues.push({
    path,
    message: `is shorter than ${MIN_API_KEY_LENGTH} characters: Regal and Braze API keys are much longer, so this is a placeholder or a truncated key (and masking it would garble every log line)`,
  });
  return undefined;
};

/** Internal: the rules of `fetch` and `logger`, the last options of every client's spec. */
export const FETCH_AND_LOGGER = {
  fetch: { check: fetchFunction },
  logger: { check: logger },
} as const satisfies OptionsSpec;

/**
 * Internal: reads the options of a client's constructor (`undefined` and `null` mean none)
 * against its spec; throws one `ValidationError` for `"<client> options"` listing every issue.
 */
export function resolveClientOptions<S extends OptionsSpec>(
  client: string,
  spec: S,
  options: unknown,
): ResolvedOptions<S> {
  return collectIssues(`${client} options`, (issues) => readOptions(spec, options ?? {}, issues));
}

const REQUEST_OPTIONS = {
  signal: { check: abortSignal },
  timeout: { check: milliseconds },
  maxRetries: { check: retryCount },
} as const satisfies OptionsSpec;

/**
 * Internal: validates the per-call options of a client method; throws a `ValidationError` whose
 * target is `"<method> options"`.
 */
export function validateRequestOptions(options: unknown, method: string): RequestOptions {
  if (options === undefined) return {};
  collectIssues(`${method} options`, (issues) =>
    readOptions(REQUEST_OPTIONS, options, issues, {
      unknownKey: 'unknown key (expected signal, timeout or maxRetries)',
    }),
  );
  return options as RequestOptions;
}
