import { redactSecrets } from './redact.js';

/** Severity of a log line, from the most to the least verbose. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Structured details attached to a log line (never the API key: it is masked before logging). */
export type LogFields = Record<string, unknown>;

/**
 * Where the clients write what they do. Every method is optional: a level without a method is
 * not logged, so the SDK is silent unless you pass a logger.
 *
 * `console` fits as is; so do pino and winston loggers through a small adapter. Any occurrence
 * of the API key in a message or in its fields is replaced by `[redacted]` before your logger
 * sees it.
 *
 * @example
 * ```ts
 * // Everything, on the console:
 * new RegalClient({ logger: console });
 * // Retries and problems only:
 * new RegalClient({ logger: { warn: console.warn, error: console.error } });
 * ```
 */
export interface Logger {
  /** Each request and answer (method, URL, status, attempt, duration). */
  debug?(message: string, fields?: LogFields): void;
  /** Notable events that need no action. */
  info?(message: string, fields?: LogFields): void;
  /** Something went wrong and was handled: a retry, an input Regal may ignore. */
  warn?(message: string, fields?: LogFields): void;
  /** Something went wrong and was not handled. */
  error?(message: string, fields?: LogFields): void;
}

/**
 * Internal: wraps the user's {@link Logger} so that secrets are masked, a throwing logger never
 * breaks a request, and levels without a method cost nothing.
 */
export class SafeLogger {
  readonly #logger: Logger | undefined;
  readonly #secrets: readonly string[];

  constructor(logger: Logger | undefined, secrets: readonly string[]) {
    this.#logger = logger;
    this.#secrets = secrets;
  }

  /** Whether `level` reaches the user's logger (lets callers skip building fields). */
  enabled(level: LogLevel): boolean {
    return typeof this.#logger?.[level] === 'function';
  }

  /** Logs at `level`, secrets masked; a no-op when the level is not enabled. */
  log(level: LogLevel, message: string, fields?: LogFields): void {
    const logger = this.#logger;
    const method = logger?.[level];
    if (logger === undefined || typeof method !== 'function') return;
    try {
      const safeMessage = redactSecrets(message, this.#secrets) as string;
      if (fields === undefined) method.call(logger, safeMessage);
      else method.call(logger, safeMessage, redactSecrets(fields, this.#secrets) as LogFields);
    } catch {
      // A broken logger must not turn a successful request into a failure.
    }
  }
}
