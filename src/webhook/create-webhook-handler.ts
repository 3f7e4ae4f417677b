import { BrazeClient } from '../braze/braze-client.js';
import { PayloadError, ValidationError } from '../errors/index.js';
import { formatIssues, formatPath, MAX_LISTED_ISSUES } from '../errors/issue.js';
import { escapeUnprintable, printable } from '../errors/printable.js';
import { SafeLogger, type Logger } from '../http/logger.js';
import { secretsOf } from '../http/redact.js';
import { MAX_TIMEOUT_MS } from '../http/request-options.js';
import { validateUsersTrack } from '../transforms/braze/validate-users-track.js';
import { mapRegalEvent } from '../transforms/transform-regal-event.js';
import { SecretCheck } from './auth.js';
import { DedupGuard, DUPLICATE } from './dedup-guard.js';
import { MemoryDedupStore } from './dedup-store.js';
import { DeliveryQueue } from './delivery-queue.js';
import { logDeliveryFailure } from './failure-log.js';
import { resolveWebhookOptions, type WebhookHandlerOptions } from './options.js';
import {
  WEBHOOK_CORE,
  type IncomingWebhook,
  type WebhookAnswer,
  type WebhookCore,
} from './incoming.js';
import { readBody } from './read-body.js';
import { accepted, failure, jsonAnswer } from './responses.js';
import type { WebhookStats } from './stats.js';

/** Options of {@link WebhookHandler.close}. */
export interface CloseOptions {
  /**
   * How long to wait for the queue to drain, in ms. Default 10 000. When it passes, requests in
   * flight are aborted and every event not delivered goes to `onDeliveryFailure`.
   */
  timeoutMs?: number;
}

/**
 * A Fetch-API request handler that receives Regal reporting webhooks and delivers them to
 * Braze in batches, made by {@link createWebhookHandler}. Call it with a `Request`; it
 * resolves to the `Response` to send back.
 */
export interface WebhookHandler {
  /**
   * Handles one webhook: `202` once the event is validated and queued (or recognised as a
   * duplicate, or as concerning no contact), `400` invalid JSON or event, `401` wrong or missing
   * secret, `405` not POST, `413` body too large, `503` closing or queue full. Never rejects.
   */
  (request: Request): Promise<Response>;
  /** Sends what is queued now without waiting; resolves once each event is delivered or reported. */
  flush(): Promise<void>;
  /**
   * Stops accepting (new requests get `503`), delivers what is queued, and resolves once every
   * accepted event is delivered or handed to `onDeliveryFailure`, or when `timeoutMs` passes
   * (the rest then goes to `onDeliveryFailure`). Calling it again returns the same promise.
   */
  close(options?: CloseOptions): Promise<void>;
  /** Counters since the handler was created. */
  stats(): WebhookStats;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function eventIdOf(event: Record<string, unknown>): string | undefined {
  const id = event.eventId ?? event.event_id;
  if (typeof id === 'string' && id !== '') return id;
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  return undefined;
}

/** A {@link Logger} writing through `safe` (secrets masked), with the levels it has enabled. */
function maskedLogger(safe: SafeLogger): Logger {
  const logger: Logger = {};
  for (const level of ['debug', 'info', 'warn', 'error'] as const) {
    if (safe.enabled(level)) logger[level] = (message, fields) => safe.log(level, message, fields);
  }
  return logger;
}

/**
 * Creates the webhook bridge: a Fetch-API handler for Regal's reporting webhooks that answers
 * within milliseconds and delivers each event to Braze `/users/track`, batched.
 *
 * For each `POST`: checks the shared secret (in constant time), reads the body (at most
 * `maxBodyBytes`, enforced while reading), parses it, validates and transforms the event
 * (`transformRegalEvent` with `options.transform`), skips copies of an event already accepted
 * (same `eventId`, within `dedupWindowMs`), queues it and answers `202`. Anything wrong is
 * answered at once (`400` with the reason, `401`, `405`, `413`, `503`) and nothing is queued.
 *
 * Queued events are sent in batches: as soon as one request's worth (75 objects in an array) is
 * waiting, or when the oldest has waited `flushIntervalMs`, with at most
 * `maxConcurrentRequests` requests in flight, retried on 429, 5xx and network errors. Every
 * accepted event either reaches Braze or is handed to `onDeliveryFailure` with the event Regal
 * sent and the reason; nothing is dropped silently, and delivery problems never surface as
 * unhandled rejections.
 *
 * Runs wherever `Request`/`Response` exist (Node 20+, Bun, Deno, Next.js route handlers, Hono);
 * {@link toNodeListener} adapts it to `http.createServer` and Express. It needs a long-lived
 * process: on serverless platforms, flush before the function ends (see docs/bridge.md).
 *
 * @param options - see {@link WebhookHandlerOptions}. Throws a {@link ValidationError} when an
 * option is invalid or no secret is configured (unless `allowUnauthenticated: true`).
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { createWebhookHandler, toNodeListener } from 'regal-braze';
 *
 * // REGAL_WEBHOOK_SECRET, BRAZE_API_KEY and BRAZE_REST_ENDPOINT from the environment.
 * const handler = createWebhookHandler({
 *   onDeliveryFailure: (failure) => console.error('not delivered', failure.eventId, failure.reason),
 * });
 * const server = createServer(toNodeListener(handler)).listen(8787);
 *
 * process.once('SIGTERM', async () => {
 *   server.close();
 *   await handler.close({ timeoutMs: 10_000 }); // flush what is queued
 * });
 * ```
 */
export function createWebhookHandler(options: WebhookHandlerOptions = {}): WebhookHandler {
  const config = resolveWebhookOptions(options);
  const logger = new SafeLogger(
    config.logger,
    config.secret === undefined ? [] : secretsOf(config.secret),
  );
  const braze =
    options.braze instanceof BrazeClient
      ? options.braze
      : new BrazeClient({
          maxRetries: 6,
          maxConcurrentRequests: config.maxConcurrentRequests,
          // The client's lines go through the bridge's logger too, so the secret is masked there.
          logger: config.logger === undefined ? undefined : maskedLogger(logger),
          ...options.braze,
        });
  const secretCheck =
    config.secret === undefined ? undefined : new SecretCheck(config.secret, config.secretHeader);
  const decoder = new TextDecoder('utf-8', { fatal: true });

  const dedup = new DedupGuard(
    config.dedupStore === false ? undefined : (config.dedupStore ?? new MemoryDedupStore()),
    config.dedupWindowMs,
    logger,
  );

  const queue = new DeliveryQueue({
    braze,
    flushIntervalMs: config.flushIntervalMs,
    maxConcurrentRequests: config.maxConcurrentRequests,
    maxQueueSize: config.maxQueueSize,
    onFailure: config.onDeliveryFailure ?? logDeliveryFailure(logger),
    forget: (key) => dedup.forget(key),
    logger,
  });

  const counts = {
    received: 0,
    accepted: 0,
    duplicates: 0,
    ignored: 0,
    invalid: 0,
    unauthorized: 0,
    methodNotAllowed: 0,
    tooLarge: 0,
    unavailable: 0,
  };

  const unavailable = (why: string): WebhookAnswer => {
    counts.unavailable++;
    return failure(503, 'unavailable', why, { 'retry-after': '1' });
  };
  const invalid = (error: string, message: string, extra: object = {}): WebhookAnswer => {
    counts.invalid++;
    return jsonAnswer(400, { error, message, ...extra });
  };

  async function handle(request: IncomingWebhook): Promise<WebhookAnswer> {
    counts.received++;
    if (queue.closing) {
      await request.discard();
      return unavailable('the bridge is shutting down');
    }
    if (request.method !== 'POST') {
      counts.methodNotAllowed++;
      await request.discard();
      return failure(405, 'method_not_allowed', 'only POST is accepted', { allow: 'POST' });
    }
    if (secretCheck !== undefined && !secretCheck.matches(request.header)) {
      counts.unauthorized++;
      await request.discard();
      return failure(401, 'unauthorized', 'missing or wrong secret', {
        'www-authenticate': 'Bearer',
      });
    }
    if (!queue.hasRoom) {
      await request.discard();
      return unavailable('the delivery queue is full');
    }

    const read = await request.read(config.maxBodyBytes);
    if (read.kind === 'too-large') {
      counts.tooLarge++;
      return failure(413, 'payload_too_large', `the body is over ${config.maxBodyBytes} bytes`, {
        connection: 'close',
      });
    }
    if (read.kind === 'unreadable') return invalid('unreadable_body', 'the body could not be read');

    let event: unknown;
    try {
      event = JSON.parse(decoder.decode(read.bytes));
    } catch (error) {
      const why = error instanceof SyntaxError ? printable(error.message, 200) : 'not UTF-8';
      return invalid('invalid_json', `the body is not valid JSON (${why})`);
    }
    if (!isPlainObject(event)) {
      return invalid('invalid_event', 'expected one Regal event: a JSON object');
    }

    let body;
    try {
      body = mapRegalEvent(event, config.transform);
    } catch (error) {
      if (!(error instanceof PayloadError)) throw error;
      const more = error.issues.length - MAX_LISTED_ISSUES;
      return invalid('invalid_event', error.message, {
        issues: error.issues.slice(0, MAX_LISTED_ISSUES).map((issue) => ({
          path: formatPath(issue.path),
          message: issue.message,
        })),
        ...(more > 0 ? { moreIssues: more } : {}),
      });
    }
    if (body === undefined) {
      counts.ignored++;
      return accepted('ignored');
    }
    const refused = validateUsersTrack(body);
    if (refused.length > 0) {
      return invalid(
        'invalid_event',
        `Braze would refuse what this event maps to: ${formatIssues(refused)}`,
      );
    }

    const eventId = eventIdOf(event);
    const dedupKey = await dedup.mark(eventId);
    if (dedupKey === DUPLICATE) {
      counts.duplicates++;
      return accepted('duplicate');
    }
    // The store calls may have taken a while: check again before taking the event on.
    if (queue.closing || !queue.hasRoom) {
      if (dedupKey !== undefined) await dedup.forget(dedupKey);
      return unavailable(
        queue.closing ? 'the bridge is shutting down' : 'the delivery queue is full',
      );
    }
    queue.enqueue({ event, eventId, dedupKey, body });
    counts.accepted++;
    return accepted('queued');
  }

  const core: WebhookCore = async (incoming) => {
    try {
      return await handle(incoming);
    } catch (error) {
      logger.log(
        'error',
        `bridge: unexpected error handling a webhook: ${escapeUnprintable(String(error))}`,
      );
      return failure(500, 'internal_error', 'unexpected error');
    }
  };

  async function handler(request: Request): Promise<Response> {
    const answer = await core({
      method: request.method,
      header: (name) => request.headers.get(name),
      read: (limit) => readBody(request, limit),
      discard: async () => {
        await request.body?.cancel().catch(() => undefined);
      },
    });
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  }
  // toNodeListener finds the core here and skips building a Request and a Response.
  Object.defineProperty(handler, WEBHOOK_CORE, { value: core });

  return Object.assign(handler, {
    flush: () => queue.flush(),
    close: (closeOptions: CloseOptions = {}) => {
      const timeoutMs = closeOptions.timeoutMs ?? 10_000;
      if (typeof timeoutMs !== 'number' || !(timeoutMs >= 0) || timeoutMs > MAX_TIMEOUT_MS) {
        return Promise.reject(
          new ValidationError('close options', [
            {
              path: ['timeoutMs'],
              message: `must be a number of milliseconds from 0 to ${MAX_TIMEOUT_MS}`,
            },
          ]),
        );
      }
      return queue.close(timeoutMs);
    },
    stats: (): WebhookStats => ({ ...counts, ...queue.counters() }),
  });
}
