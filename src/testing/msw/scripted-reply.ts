import { ValidationError, type Issue } from '../../errors/index.js';
import { isPlainObject } from '../../common/objects.js';

/**
 * A reply the mock API gives to one upcoming request instead of its normal behaviour: an HTTP
 * error, a network failure or a delay. Queued replies are used in order, one per request, then
 * the mock answers normally again.
 *
 * - `{ status: 429, retryAfter: 1 }`: rate limited, with `Retry-After: 1` (and Braze's
 *   `X-RateLimit-*` headers on the Braze mock).
 * - `{ status: 503 }`: a server error, body `{ message: 'Service Unavailable' }`.
 * - `{ networkError: true }`: no HTTP answer at all; `fetch` rejects with a `TypeError`.
 * - `{ delayMs: 5000 }`: answer normally, 5 s late (to test timeouts).
 *
 * @example
 * ```ts
 * braze.queue({ status: 429, retryAfter: 0 }, { status: 503 }); // then 201 as usual
 * ```
 */
export interface ScriptedReply {
  /** HTTP status to answer with (100-599). Without it (and without `networkError`), the mock answers normally. */
  status?: number;
  /** JSON body to answer with. Default `{ message: <status text> }`, or `{ message: 'success' }`/`{ message: 'ok' }` for a 2xx. */
  body?: unknown;
  /** Extra response headers. */
  headers?: Record<string, string>;
  /** `Retry-After`, in seconds. Default `0` on a 429, so retrying code under test stays fast. */
  retryAfter?: number;
  /** Wait this long before answering, in milliseconds. */
  delayMs?: number;
  /** Fail at the network level instead of answering. */
  networkError?: boolean;
}

const KEYS = new Set(['status', 'body', 'headers', 'retryAfter', 'delayMs', 'networkError']);

/** Checks scripted replies before they are queued. */
export function checkReplies(replies: readonly unknown[], target: string): ScriptedReply[] {
  const issues: Issue[] = [];
  replies.forEach((reply, index) => {
    if (!isPlainObject(reply)) {
      issues.push({ path: [index], message: 'must be an object' });
      return;
    }
    for (const key of Object.keys(reply)) {
      if (!KEYS.has(key)) issues.push({ path: [index, key], message: 'unknown field' });
    }
    const { status, retryAfter, delayMs, networkError, headers } = reply as ScriptedReply;
    if (status !== undefined && !(Number.isInteger(status) && status >= 100 && status <= 599)) {
      issues.push({ path: [index, 'status'], message: 'must be an integer from 100 to 599' });
    }
    for (const [key, value] of [
      ['retryAfter', retryAfter],
      ['delayMs', delayMs],
    ] as const) {
      if (
        value !== undefined &&
        !(typeof value === 'number' && value >= 0 && Number.isFinite(value))
      ) {
        issues.push({ path: [index, key], message: 'must be a finite number >= 0' });
      }
    }
    if (networkError !== undefined && typeof networkError !== 'boolean') {
      issues.push({ path: [index, 'networkError'], message: 'must be a boolean' });
    }
    if (networkError === true && status !== undefined) {
      issues.push({ path: [index], message: 'cannot have both status and networkError' });
    }
    if (
      headers !== undefined &&
      !(isPlainObject(headers) && Object.values(headers).every((v) => typeof v === 'string'))
    ) {
      issues.push({ path: [index, 'headers'], message: 'must be an object of strings' });
    }
  });
  if (issues.length > 0) throw new ValidationError(target, issues);
  return replies as ScriptedReply[];
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** The reason phrase of a status, or `Error 4xx` for one without a common phrase. */
export function statusText(status: number): string {
  return STATUS_TEXT[status] ?? `Error ${status}`;
}
