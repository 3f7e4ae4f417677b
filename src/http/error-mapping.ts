import { isNetworkError } from 'ky';
import {
  ApiError,
  AuthenticationError,
  ConnectionError,
  RateLimitError,
  type Service,
} from '../errors/index.js';
import { serviceName } from '../errors/api-errors.js';
import { redactSecrets } from './redact.js';

/** Internal: an answer as the retry loop keeps it (body already read and parsed). */
export interface ReadAnswer {
  status: number;
  headers: Headers;
  body: unknown;
}

const REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-amzn-requestid', 'x-amz-request-id'];

/** Internal: the request id an API returned, under any of the usual header names. */
export function requestIdOf(headers: Headers): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers.get(name);
    if (value !== null && value !== '') return value;
  }
  return undefined;
}

/**
 * Internal: the typed error for a final non-2xx answer: {@link AuthenticationError} for
 * 401/403, {@link RateLimitError} for 429, {@link ApiError} otherwise. Body and headers are
 * scrubbed of the secrets first, in case the API echoed the key.
 */
export function apiErrorOf(
  service: Service,
  answer: ReadAnswer,
  attempts: number,
  secrets: readonly string[],
  retryAfterMs: number | undefined,
): ApiError {
  const headers: Record<string, string> = {};
  answer.headers.forEach((value, name) => {
    headers[name] = redactSecrets(value, secrets) as string;
  });
  const init = {
    status: answer.status,
    service,
    body: redactSecrets(answer.body, secrets),
    headers,
    requestId: redactSecrets(requestIdOf(answer.headers), secrets) as string | undefined,
    attempts,
  };
  if (answer.status === 401 || answer.status === 403) return new AuthenticationError(init);
  if (answer.status === 429) return new RateLimitError({ ...init, retryAfterMs });
  return new ApiError(init);
}

/**
 * Internal: a copy of a network error chain that keeps only `name`, `message` and `code` (all
 * scrubbed), so that no request, header or option object can ride along on a `cause`.
 */
export function sanitizeCause(error: unknown, secrets: readonly string[], depth = 0): Error {
  const source = error instanceof Error ? error : new Error(String(error));
  const nested =
    depth < 3 && source.cause !== undefined
      ? { cause: sanitizeCause(source.cause, secrets, depth + 1) }
      : undefined;
  const copy = new Error(redactSecrets(source.message, secrets) as string, nested);
  copy.name = source.name;
  const code = (source as { code?: unknown }).code;
  if (typeof code === 'string') (copy as Error & { code?: string }).code = code;
  copy.stack = `${copy.name}: ${copy.message}`;
  return copy;
}

/** Internal: the most specific reason in a network error chain, e.g. `ECONNREFUSED`. */
function reasonOf(error: Error): string {
  let reason = error.message;
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') reason = code;
    else if (current !== error) reason = current.message;
    current = current.cause;
  }
  return reason === error.message ? reason : `${error.message}: ${reason}`;
}

/** Internal: a {@link ConnectionError} for a request that never got an answer. */
export function connectionErrorOf(
  service: Service,
  url: string,
  error: unknown,
  attempts: number,
  secrets: readonly string[],
): ConnectionError {
  // ky wraps what fetch threw in its own NetworkError (message: method and URL); the error the
  // runtime raised is the cause worth keeping.
  const thrown = isNetworkError(error) && error.cause !== undefined ? error.cause : error;
  const cause = sanitizeCause(thrown, secrets);
  return new ConnectionError(
    service,
    `Could not reach the ${serviceName(service)} API at ${url} (${reasonOf(cause)}) after ${attempts} attempt(s)`,
    { cause, attempts },
  );
}
