/**
 * Internal: the one HTTP layer of the SDK, shared by `RegalClient` and `BrazeClient`. Read
 * `src/http/README.md` for how a client uses it.
 *
 * Design: ky builds each attempt's `Request` and hands it to the `fetch` it is given, which ky
 * calls on every attempt; ours (`send`) waits for a pacing slot, starts the attempt's timer and
 * calls the configured fetch. ky runs with `retry: 0`, `throwHttpErrors: false` and
 * `timeout: false`: this module owns the retry loop, the per-attempt timeout and the pacing,
 * because
 * - every attempt, retries included, must take a slot from the pacing limiter just before it
 *   starts, and its timer must not count the wait for that slot;
 * - errors must carry the attempt count and nothing of ky's `request`/`options` (they hold the
 *   `Authorization` header);
 * - the wait before a retry comes from a per-service hook (Braze's `X-RateLimit-Reset`), and
 *   waits longer than a cap end the retries instead of being shortened;
 * - the timeout must cover reading the body, which ky's does not.
 * The loop is also easier to test: `random` and `sleep` can be injected.
 *
 * The body also goes to the fetch as text in `init`: given only a `Request` with a body, fetch
 * pipes that body stream through a copy before sending it, one of the largest CPU costs of a
 * request; given the text, it sends it as is. A custom fetch is promised a ready `Request`, body
 * and signal included; the global fetch gets the signal in `init` too, and a `Request` without
 * either, which spares ky a combined signal and the `Request` a body stream nobody reads
 * (`npm run bench` compares the client with a bare `fetch`).
 */
import ky from 'ky';
import { RequestAbortedError, TimeoutError, type Service } from '../errors/index.js';
import { serviceName } from '../errors/api-errors.js';
import { apiErrorOf, connectionErrorOf, type ReadAnswer } from './error-mapping.js';
import { SafeLogger, type Logger } from './logger.js';
import { PacingLimiter } from './rate-limiter.js';
import { secretsOf } from './redact.js';
import type { FetchLike, RequestOptions } from './request-options.js';
import {
  DEFAULT_MAX_RETRY_AFTER_MS,
  backoffDelayMs,
  isRetryableStatus,
  retryAfterHeader,
  type RetryDelayHook,
} from './retry.js';
import { sleep } from './sleep.js';

/** Internal: how an {@link HttpClient} is set up. Validate user input before building one. */
export interface HttpClientOptions {
  /** Which API this client talks to; named in errors and log lines. */
  service: Service;
  /** Absolute http(s) URL without a trailing slash; paths are appended to it. */
  baseUrl: string;
  /** The whole `Authorization` header value (`<key>` for Regal, `Bearer <key>` for Braze). Kept private. */
  authorization: string;
  /** `User-Agent` header value. */
  userAgent: string;
  /** Milliseconds each attempt may take, body included. */
  timeout: number;
  /** Retries after the first attempt. */
  maxRetries: number;
  /**
   * Pacing: at most this many attempts reach the server in any one-second window (each holds a
   * slot until a second after its answer began). Omit or `Infinity` for none.
   */
  maxRequestsPerSecond?: number | undefined;
  /** Custom fetch; default: the global `fetch`, looked up at call time (so msw can patch it). */
  fetch?: FetchLike | undefined;
  /** Where to log; silent when omitted. */
  logger?: Logger | undefined;
  /** How long the server asked to wait before a retry; default: `retry-after-ms` / `Retry-After`. */
  retryDelay?: RetryDelayHook | undefined;
  /** Longest server-requested wait honoured; above it the retries stop. Default 60 s. */
  maxRetryAfterMs?: number | undefined;
  /** Test hook: the jitter source (default `Math.random`). */
  random?: (() => number) | undefined;
  /** Test hook: how to wait between attempts (default: an abortable `setTimeout`). */
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
}

/** Internal: a 2xx answer. */
export interface HttpResponse {
  /** HTTP status (2xx). */
  status: number;
  /** Parsed JSON when the answer says it is JSON (and parses), else the text (maybe empty). */
  body: unknown;
  /** Answer headers. */
  headers: Headers;
  /** Attempts made, this one included. */
  attempts: number;
}

type AttemptOutcome =
  | { kind: 'answer'; answer: ReadAnswer }
  | { kind: 'timeout' }
  | { kind: 'network'; error: unknown };

const globalFetch: FetchLike = (input, init) => globalThis.fetch(input, init);

function parseBody(text: string, contentType: string | null): unknown {
  if (text === '' || contentType === null || !/json/i.test(contentType)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl}/${path.replace(/^\/+/, '')}`;
}

/**
 * Internal: POSTs JSON to one API with retries, per-attempt timeouts, pacing, typed errors and a
 * secret-free logger. Service-agnostic: everything specific comes in through
 * {@link HttpClientOptions}.
 */
export class HttpClient {
  /** Which API this client talks to. */
  readonly service: Service;
  /** Base URL, no trailing slash. */
  readonly baseUrl: string;
  /** Default per-attempt timeout, ms. */
  readonly timeout: number;
  /** Default retries after the first attempt. */
  readonly maxRetries: number;

  /** The headers of every request, built once (ky copies a `Headers` faster than a plain object). */
  readonly #headers: Headers;
  readonly #secrets: readonly string[];
  readonly #fetch: FetchLike;
  readonly #customFetch: boolean;
  readonly #limiter: PacingLimiter | undefined;
  readonly #logger: SafeLogger;
  readonly #retryDelay: RetryDelayHook;
  readonly #maxRetryAfterMs: number;
  readonly #random: () => number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(options: HttpClientOptions) {
    this.service = options.service;
    this.baseUrl = options.baseUrl;
    this.timeout = options.timeout;
    this.maxRetries = options.maxRetries;
    this.#headers = new Headers({
      authorization: options.authorization,
      'content-type': 'application/json',
      accept: 'application/json',
      'user-agent': options.userAgent,
    });
    this.#secrets = secretsOf(options.authorization);
    this.#fetch = options.fetch ?? globalFetch;
    this.#customFetch = options.fetch !== undefined;
    const limit = options.maxRequestsPerSecond;
    this.#limiter =
      limit === undefined || limit === Number.POSITIVE_INFINITY
        ? undefined
        : new PacingLimiter(limit);
    this.#logger = new SafeLogger(options.logger, this.#secrets);
    this.#retryDelay = options.retryDelay ?? retryAfterHeader;
    this.#maxRetryAfterMs = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
    this.#random = options.random ?? Math.random;
    this.#sleep = options.sleep ?? sleep;
  }

  /** The logger this client writes to, secrets masked (for client-level messages). */
  get logger(): SafeLogger {
    return this.#logger;
  }

  /**
   * POSTs `json` to `baseUrl/path` and resolves to the 2xx answer.
   *
   * Rejects with `ApiError` / `AuthenticationError` / `RateLimitError` (final non-2xx),
   * `TimeoutError`, `ConnectionError` (after the retries allowed) or `RequestAbortedError`.
   * Options must be validated by the caller (see `validateRequestOptions`).
   */
  post(path: string, json: unknown, options: RequestOptions = {}): Promise<HttpResponse> {
    return this.postJsonText(path, JSON.stringify(json), options);
  }

  /** {@link post} for a body already serialized: `body` is sent as it is, as JSON. */
  async postJsonText(
    path: string,
    body: string,
    options: RequestOptions = {},
  ): Promise<HttpResponse> {
    const url = joinUrl(this.baseUrl, path);
    const timeout = options.timeout ?? this.timeout;
    const maxRetries = options.maxRetries ?? this.maxRetries;
    const signal = options.signal;
    if (signal?.aborted) throw new RequestAbortedError(this.service, { cause: signal.reason });

    for (let attempt = 1; ; attempt++) {
      const outcome = await this.#attempt(url, body, timeout, signal, attempt);
      if (outcome.kind === 'answer' && outcome.answer.status < 300) {
        return { ...outcome.answer, attempts: attempt };
      }

      let delay: number | undefined;
      let serverDelay: number | undefined;
      if (outcome.kind === 'answer') {
        if (isRetryableStatus(outcome.answer.status)) {
          serverDelay = this.#retryDelay(outcome.answer, Date.now());
          delay = serverDelay ?? backoffDelayMs(attempt - 1, this.#random);
          // A server asking for a longer wait than we accept to block a call: give up now
          // rather than retry too early into the same refusal.
          if (serverDelay !== undefined && serverDelay > this.#maxRetryAfterMs) delay = undefined;
        }
      } else {
        delay = backoffDelayMs(attempt - 1, this.#random);
      }

      if (delay === undefined || attempt > maxRetries) {
        throw this.#finalError(outcome, url, attempt, timeout, serverDelay);
      }
      this.#logger.log('warn', `${this.service} POST ${path}: retrying in ${delay} ms`, {
        service: this.service,
        url,
        attempt,
        maxRetries,
        reason: outcome.kind === 'answer' ? `status ${outcome.answer.status}` : outcome.kind,
        delayMs: delay,
      });
      try {
        await this.#sleep(delay, signal);
      } catch {
        throw new RequestAbortedError(this.service, {
          cause: signal?.reason,
          phase: 'backoff',
          attempts: attempt,
        });
      }
    }
  }

  #finalError(
    outcome: AttemptOutcome,
    url: string,
    attempts: number,
    timeout: number,
    retryAfterMs: number | undefined,
  ): Error {
    if (outcome.kind === 'answer') {
      return apiErrorOf(this.service, outcome.answer, attempts, this.#secrets, retryAfterMs);
    }
    if (outcome.kind === 'timeout') {
      return new TimeoutError(
        this.service,
        timeout,
        `${serviceName(this.service)} API did not answer within ${timeout} ms (${attempts} attempt(s))`,
        { attempts },
      );
    }
    return connectionErrorOf(this.service, url, outcome.error, attempts, this.#secrets);
  }

  /** One attempt: wait for a pacing slot, send, read the whole body, all under the timeout. */
  async #attempt(
    url: string,
    body: string,
    timeout: number,
    signal: AbortSignal | undefined,
    attempt: number,
  ): Promise<AttemptOutcome> {
    const controller = new AbortController();
    const forwardAbort = (): void => controller.abort(signal?.reason);
    signal?.addEventListener('abort', forwardAbort, { once: true });
    let timer: ReturnType<typeof setTimeout> | undefined;
    let timedOut = false;
    let startedAt = 0;
    const limiter = this.#limiter;
    const start = (request: Request, init: RequestInit | undefined): Promise<Response> => {
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeout);
      startedAt = Date.now();
      // The body once more, as text, in `init`: `fetch(request)` alone would pipe the Request's
      // body stream through a copy of it; given the text, fetch sends it as is.
      return this.#customFetch
        ? this.#fetch(request, { ...init, body })
        : this.#fetch(request, { ...init, body, signal: controller.signal });
    };
    // ky always calls its fetch with the Request it built (Ky.#fetch), hence the narrowing.
    // Pacing happens here, right before the request starts: the limiter takes a slot and calls
    // `start` in the same instant, and holds the slot until a window after fetch settles (the
    // answer began); the timeout does not count the wait for a slot.
    const send = (input: Request | string | URL, init?: RequestInit): Promise<Response> =>
      limiter === undefined
        ? start(input as Request, init)
        : limiter.run(() => start(input as Request, init), signal);

    try {
      if (this.#logger.enabled('debug')) {
        this.#logger.log('debug', `${this.service} POST ${url}`, {
          service: this.service,
          url,
          attempt,
        });
      }
      const response = await ky.post(url, {
        // A custom fetch gets a ready Request, body and signal included. The global fetch gets
        // both in `init` instead, so that ky need not combine signals nor the Request carry a
        // body stream that fetch would not read.
        ...(this.#customFetch ? { body, signal: controller.signal } : undefined),
        headers: this.#headers,
        fetch: send,
        retry: 0,
        timeout: false,
        throwHttpErrors: false,
        redirect: 'manual',
      });
      const text = await response.text();
      const answer: ReadAnswer = {
        status: response.status,
        headers: response.headers,
        body: parseBody(text, response.headers.get('content-type')),
      };
      if (this.#logger.enabled('debug')) {
        this.#logger.log('debug', `${this.service} answered ${response.status}`, {
          service: this.service,
          url,
          attempt,
          status: response.status,
          durationMs: Date.now() - startedAt,
        });
      }
      return { kind: 'answer', answer };
    } catch (error) {
      if (signal?.aborted) {
        // Aborted while waiting for a pacing slot (never sent), or with the attempt in flight.
        const sent = startedAt !== 0;
        throw new RequestAbortedError(this.service, {
          cause: signal.reason,
          phase: sent ? 'in-flight' : 'waiting',
          attempts: sent ? attempt : attempt - 1,
        });
      }
      if (timedOut) return { kind: 'timeout' };
      return { kind: 'network', error };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', forwardAbort);
    }
  }
}
