import { BrazeClient } from '../braze/braze-client.js';
import { PayloadError, ValidationError } from '../errors/index.js';
import {
  escapeUnprintable,
  formatIssues,
  formatPath,
  MAX_LISTED_ISSUES,
  printable,
} from '../common/text.js';
import { isRecord } from '../common/objects.js';
import { MAX_TIMEOUT_MS } from '../common/options.js';
import { SafeLogger, type Logger } from '../http/logger.js';
import { secretsOf } from '../http/redact.js';
import { validateUsersTrack } from '../transforms/users-track/validate-users-track.js';
import { SecretCheck } from './auth.js';
import { DedupMarks, DUPLICATE } from './dedup-marks.js';
import { MemoryDedupStore } from './dedup-store.js';
import { DeliveryPipeline } from './delivery-pipeline.js';
import { logDeliveryFailure } from './delivery-failure.js';
import { BridgeMetrics } from './metrics.js';
import {
  BRIDGE_MAX_RETRIES,
  resolveWebhookOptions,
  type WebhookHandlerOptions,
} from './options.js';
import { memoryQueue } from './queue/memory-queue.js';
import { newEntry, type DeliveryQueue } from './queue/queue.js';
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
   * How long to wait, in ms. Default 10 000. A durable queue waits for the requests in flight
   * only (what is queued stays for the next start); one that is not durable is drained. When
   * it passes, requests in flight are aborted: their events go back to a durable queue, and to
   * `onDeliveryFailure` (`kind: 'closed'`) with every event left in one that is not.
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
   * Handles one webhook: `202` once the event is validated and committed to the queue (or
   * recognised as a duplicate, or as concerning no contact), `400` invalid JSON or event, `401`
   * wrong or missing secret, `405` not POST, `413` body too large, `503` closing, queue full or
   * the queue's store failing. Never rejects.
   */
  (request: Request): Promise<Response>;
  /**
   * Sends what is queued now without waiting for the flush interval; resolves once each event
   * accepted so far is delivered, handed to `onDeliveryFailure`, or waiting for Braze (rate
   * limit, outage, refused key: see `stats().delivery`).
   */
  flush(): Promise<void>;
  /**
   * Stops accepting (new requests get `503`) and resolves once the work in flight is done, or
   * when `timeoutMs` passes (see {@link CloseOptions}); then closes the queue. Calling it again
   * returns the same promise.
   */
  close(options?: CloseOptions): Promise<void>;
  /** Counters since the handler was created, and where delivery stands. */
  stats(): WebhookStats;
  /**
   * The handler's metrics in the Prometheus text format (content type
   * `text/plain; version=0.0.4; charset=utf-8`), from a registry of its own (not prom-client's
   * global one). Serve it on your metrics route; `regal-braze serve` does on `GET /metrics`.
   *
   * - `regal_braze_webhooks_received_total`: requests handled;
   * - `regal_braze_events_accepted_total`, `regal_braze_events_duplicate_total`,
   *   `regal_braze_events_ignored_total`: answered 202 (queued, a copy, no contact);
   * - `regal_braze_webhooks_rejected_total{reason}`: `invalid`, `unauthorized`,
   *   `method_not_allowed`, `too_large`, `unavailable`;
   * - `regal_braze_events_delivered_total`, `regal_braze_events_dead_lettered_total`;
   * - `regal_braze_queue_events`, `regal_braze_queue_in_flight_events`,
   *   `regal_braze_queue_oldest_event_age_seconds`: the queue now;
   * - `regal_braze_braze_requests_total`, `regal_braze_braze_request_duration_seconds{outcome}`
   *   (a histogram per attempt: `2xx`, `4xx`, `429`, `5xx`, `network`, `timeout`, `aborted`),
   *   `regal_braze_braze_retries_total{cause}` (`rate_limited`, `server_error`, `network`,
   *   `timeout`);
   * - `regal_braze_delivery_paused` (1 while Braze rate-limits, is down, or refuses the key) and
   *   `regal_braze_delivery_state{state}`.
   *
   * Attempt latencies and retries are measured only with a Braze client the handler builds
   * (`braze` given as options), not with a `BrazeClient` passed in.
   *
   * @example
   * ```ts
   * app.get('/metrics', async (_request, response) => {
   *   response.type('text/plain; version=0.0.4').send(await handler.metrics());
   * });
   * ```
   */
  metrics(): Promise<string>;
  /** The queue events wait in (the `queue` option, or the default memory queue). */
  readonly queue: DeliveryQueue;
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
 * (same `eventId`, within `dedupWindowMs`), commits it to the `queue` and only then answers
 * `202`. Anything wrong is answered at once (`400` with the reason, `401`, `405`, `413`, `503`)
 * and nothing is queued.
 *
 * Queued events are sent in batches: as soon as one request's worth is waiting, or when the
 * oldest has waited `flushIntervalMs`, with at most the Braze client's `maxConcurrentRequests`
 * in flight. Braze is waited out: a 429 pauses delivery until its reset, an outage or a refused
 * key backs off (capped at 5 minutes) while events wait in the queue. An event leaves the queue
 * only once Braze accepted it, or as a dead letter handed to `onDeliveryFailure` (Braze refused
 * it, or it was not delivered within `maxEventAgeMs`); nothing is dropped silently, and delivery
 * problems never surface as unhandled rejections.
 *
 * The default queue is in memory ({@link memoryQueue}): a crash loses what it holds. Pass
 * `queue: sqliteQueue({ path })` to keep accepted events on disk across crashes and restarts.
 *
 * Runs wherever `Request`/`Response` exist (Node 22.13+, Bun, Deno, Next.js route handlers, Hono);
 * {@link toNodeListener} adapts it to `http.createServer` and Express. It needs a long-lived
 * process: on serverless platforms, flush before the function ends (see docs/bridge.md).
 *
 * @param options - see {@link WebhookHandlerOptions}. Throws a {@link ValidationError} when an
 * option is invalid or no secret is configured (unless `allowUnauthenticated: true`).
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { createWebhookHandler, sqliteQueue, toNodeListener } from 'regal-braze';
 *
 * // REGAL_WEBHOOK_SECRET, BRAZE_API_KEY and BRAZE_REST_ENDPOINT from the environment.
 * const handler = createWebhookHandler({
 *   queue: sqliteQueue({ path: './regal-braze-data/queue.db' }),
 *   onDeliveryFailure: (failure) => console.error('not delivered', failure.eventId, failure.reason),
 * });
 * const server = createServer(toNodeListener(handler)).listen(8787);
 *
 * process.once('SIGTERM', async () => {
 *   server.close();
 *   await handler.close({ timeoutMs: 8_000 }); // what is queued stays on disk
 * });
 * ```
 */
export function createWebhookHandler(options: WebhookHandlerOptions = {}): WebhookHandler {
  const config = resolveWebhookOptions(options);
  const logger = new SafeLogger(
    config.logger,
    config.secret === undefined ? [] : secretsOf(config.secret),
  );
  // Reads the queue and the counters only when scraped; `store` and `counts` are set below.
  const metrics: BridgeMetrics = new BridgeMetrics({
    stats: () => stats(),
    oldestAcceptedAt: async () => (await store.depth()).oldestAcceptedAt,
  });
  const braze =
    options.braze instanceof BrazeClient
      ? options.braze
      : new BrazeClient({
          maxRetries: BRIDGE_MAX_RETRIES,
          // The client's lines go through the bridge's logger too, so the secret is masked there.
          logger: config.logger === undefined ? undefined : maskedLogger(logger),
          ...options.braze,
          fetch: metrics.timedFetch(options.braze?.fetch),
        });
  const secretCheck =
    config.secret === undefined ? undefined : new SecretCheck(config.secret, config.secretHeader);
  const decoder = new TextDecoder('utf-8', { fatal: true });

  const dedup = new DedupMarks(
    config.dedupStore === false ? undefined : (config.dedupStore ?? new MemoryDedupStore()),
    config.dedupWindowMs,
    logger,
  );

  const store: DeliveryQueue = config.queue ?? memoryQueue();
  const queue = new DeliveryPipeline({
    queue: store,
    braze,
    flushIntervalMs: config.flushIntervalMs,
    maxEventAgeMs: config.maxEventAgeMs,
    onFailure: config.onDeliveryFailure ?? logDeliveryFailure(logger),
    forget: (key) => dedup.forget(key),
    logger,
    ...(config.clock === undefined ? {} : { clock: config.clock }),
  });
  queue.start();

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

  const stats = (): WebhookStats => ({ ...counts, ...queue.counters() });

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
    if (!isRecord(event)) {
      return invalid('invalid_event', 'expected one Regal event: a JSON object');
    }

    let body;
    try {
      body = config.transform(event);
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
    let queued: boolean;
    try {
      queued = await queue.append(newEntry(event, eventId, dedupKey, body));
    } catch (error) {
      if (dedupKey !== undefined) await dedup.forget(dedupKey);
      logger.log(
        'error',
        `bridge: the queue could not store an event, answered 503: ${escapeUnprintable(String((error as Error)?.message ?? error))}`,
      );
      return unavailable('the delivery queue cannot store events');
    }
    if (!queued) {
      if (dedupKey !== undefined) await dedup.forget(dedupKey);
      return unavailable(
        queue.closing ? 'the bridge is shutting down' : 'the delivery queue is full',
      );
    }
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
    stats,
    metrics: () => metrics.text(),
    queue: store,
  });
}
