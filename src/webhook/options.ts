import { BrazeClient } from '../braze/braze-client.js';
import type { BrazeClientOptions } from '../braze/options.js';
import { ValidationError, type Issue } from '../errors/index.js';
import type { Logger } from '../http/logger.js';
import { logger as checkLogger } from '../http/request-options.js';
import { MAX_TIMEOUT_MS, readEnv } from '../shared/options.js';
import type { TransformOptions } from '../transforms/options.js';
import { createTransformer, type RegalTransformer } from '../transforms/transformer.js';
import type { DedupStore } from './dedup-store.js';
import type { DeliveryFailure } from './delivery-failure.js';
import type { Clock } from './delivery-pipeline.js';
import type { DeliveryQueue } from './queue/queue.js';

/**
 * Retries of each request by a Braze client the bridge builds (about 23 s of backoff) before
 * the bridge's own pause and back-off take over.
 */
export const BRIDGE_MAX_RETRIES = 6;

/**
 * Options of {@link createWebhookHandler}. Only the secret is required (option or
 * `REGAL_WEBHOOK_SECRET`), with the Braze key and endpoint (in `braze`, or `BRAZE_API_KEY` and
 * `BRAZE_REST_ENDPOINT`).
 *
 * @example
 * ```ts
 * const handler = createWebhookHandler({
 *   secret: process.env.REGAL_WEBHOOK_SECRET,
 *   braze: { apiKey: process.env.BRAZE_API_KEY, restEndpoint: 'US-03' },
 *   transform: { subscriptionGroups: { sms: 'c3d4…', voice: 'a1b2…' } },
 *   onDeliveryFailure: (failure) => deadLetters.push(failure),
 *   logger: console,
 * });
 * ```
 */
export interface WebhookHandlerOptions {
  /**
   * Where to deliver: a {@link BrazeClient}, or the options to build one (default `{}`: from
   * `BRAZE_API_KEY` and `BRAZE_REST_ENDPOINT`). A client built here retries each request 6 times
   * by default (about 23 s of backoff). The client's `maxConcurrentRequests` (default 4) is how
   * many batches are in flight at once.
   */
  braze?: BrazeClient | BrazeClientOptions;
  /**
   * The shared secret Regal sends with each webhook (configured in Regal as a header). Default:
   * `REGAL_WEBHOOK_SECRET`. Accepted as `Authorization: Bearer <secret>`,
   * `Authorization: <secret>`, or in the header named by `secretHeader`. At least 16 visible
   * ASCII characters: make one with `openssl rand -hex 24`.
   */
  secret?: string;
  /** Another header that may carry the secret, e.g. `x-regal-secret`. Default: none. */
  secretHeader?: string;
  /**
   * Accept requests without any secret when none is configured. Default `false`: no secret is
   * a startup error, so that a bridge is never left open by mistake.
   */
  allowUnauthenticated?: boolean;
  /**
   * How Regal events become Braze objects: the options of `transformRegalEvent`, or a
   * transformer made by `createTransformer` (or one wrapping it, e.g. to reword its errors).
   */
  transform?: TransformOptions | RegalTransformer;
  /**
   * Called once for each accepted event that did not (entirely) reach Braze, with the event as
   * Regal posted it and the reason. May return a promise (awaited by `flush()` and `close()`);
   * what it throws is logged. Default: log an error line per event (through `logger`, or
   * `console.error` when the logger has no `error` method).
   */
  onDeliveryFailure?: (failure: DeliveryFailure) => void | Promise<void>;
  /**
   * Remembers accepted `eventId`s to acknowledge copies without forwarding them. Default: a
   * {@link MemoryDedupStore} (this process only); share one store between instances. `false`
   * turns de-duplication off.
   */
  dedupStore?: DedupStore | false;
  /** How long an accepted `eventId` is remembered, in ms. Default 3 600 000 (one hour). */
  dedupWindowMs?: number;
  /**
   * Where accepted events wait for Braze. Default: a {@link memoryQueue} (not durable: a crash
   * loses what it holds). `sqliteQueue({ path })` keeps them on disk: the bridge answers `202`
   * only once the event is committed there, and the next start delivers what is left.
   */
  queue?: DeliveryQueue;
  /**
   * Longest an accepted event is retried while Braze is down, rate-limiting or refusing the
   * key, in ms; then it becomes a dead letter (`onDeliveryFailure`, `kind: 'failed'`). Default
   * 86 400 000 (24 hours). `0` gives up after the Braze client's own retries.
   */
  maxEventAgeMs?: number;
  /**
   * Longest an accepted event waits for a batch to fill before it is sent anyway, in ms.
   * Default 1 000. A full batch (one request's worth, as the Braze client splits) is sent at
   * once.
   */
  flushIntervalMs?: number;
  /** Largest request body accepted, in bytes; larger ones get `413`. Default 1 048 576 (1 MiB). */
  maxBodyBytes?: number;
  /** Where to log (one line per delivery batch, failures, warnings). Default: silent. */
  logger?: Logger;
}

/** Internal: options checked, defaults applied. */
export interface ResolvedWebhookOptions {
  secret: string | undefined;
  secretHeader: string | undefined;
  transform: RegalTransformer;
  onDeliveryFailure: ((failure: DeliveryFailure) => void | Promise<void>) | undefined;
  dedupStore: DedupStore | false | undefined;
  dedupWindowMs: number;
  queue: DeliveryQueue | undefined;
  maxEventAgeMs: number;
  flushIntervalMs: number;
  maxBodyBytes: number;
  logger: Logger | undefined;
  clock: Clock | undefined;
}

const KNOWN_OPTIONS = [
  'braze',
  'secret',
  'secretHeader',
  'allowUnauthenticated',
  'transform',
  'onDeliveryFailure',
  'dedupStore',
  'dedupWindowMs',
  'queue',
  'maxEventAgeMs',
  'flushIntervalMs',
  'maxBodyBytes',
  'logger',
];

/** Internal, for tests: a clock to drive the pipeline's timers. */
export const CLOCK_OPTION: unique symbol = Symbol('clock');

const TARGET = 'createWebhookHandler options';
// The secret travels in a header: visible ASCII, no spaces (so "Bearer <secret>" is unambiguous).
const SECRET = /^[\x21-\x7e]+$/;
/** The shortest webhook secret accepted. */
const MIN_SECRET_LENGTH = 16;
// RFC 9110 token: the characters a header name may have.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function checkSecret(o: Record<string, unknown>, issues: Issue[]): string | undefined {
  const value = o.secret ?? readEnv('REGAL_WEBHOOK_SECRET');
  if (value === undefined) {
    if (o.allowUnauthenticated === true) return undefined;
    issues.push({
      path: ['secret'],
      message:
        'is required: pass the secret option or set the REGAL_WEBHOOK_SECRET environment variable (allowUnauthenticated: true accepts requests without one)',
    });
    return undefined;
  }
  if (typeof value !== 'string' || !SECRET.test(value)) {
    const rule =
      'must be a non-empty string of visible ASCII characters (no spaces or line breaks)';
    issues.push({
      path: ['secret'],
      message: o.secret === undefined ? `REGAL_WEBHOOK_SECRET ${rule}` : rule,
    });
    return undefined;
  }
  if (value.length < MIN_SECRET_LENGTH) {
    const rule = `is shorter than ${MIN_SECRET_LENGTH} characters: a shared secret must be hard to guess (make one with \`openssl rand -hex 24\`)`;
    issues.push({
      path: ['secret'],
      message: o.secret === undefined ? `REGAL_WEBHOOK_SECRET ${rule}` : rule,
    });
    return undefined;
  }
  return value;
}

function checkNumber(
  o: Record<string, unknown>,
  name: string,
  min: number,
  fallback: number,
  issues: Issue[],
): number {
  const value = o[name];
  if (value === undefined) return fallback;
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < min ||
    value > MAX_TIMEOUT_MS
  ) {
    issues.push({
      path: [name],
      message: `must be a whole number from ${min} to ${MAX_TIMEOUT_MS}`,
    });
    return fallback;
  }
  return value;
}

function checkDedupStore(value: unknown, issues: Issue[]): void {
  if (value === undefined || value === false) return;
  if (typeof value !== 'object' || value === null) {
    issues.push({
      path: ['dedupStore'],
      message: 'must be a store with has, add and delete, or false',
    });
    return;
  }
  for (const method of ['has', 'add', 'delete']) {
    if (typeof (value as Record<string, unknown>)[method] !== 'function') {
      issues.push({ path: ['dedupStore', method], message: 'must be a function' });
    }
  }
}

const QUEUE_METHODS = [
  'append',
  'lease',
  'renew',
  'ack',
  'retry',
  'release',
  'deadLetter',
  'listDeadLetters',
  'replayDeadLetters',
  'purgeDeadLetters',
  'depth',
  'close',
];

function checkQueue(value: unknown, issues: Issue[]): void {
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null) {
    issues.push({
      path: ['queue'],
      message: 'must be a delivery queue (memoryQueue(), sqliteQueue({ path }), …)',
    });
    return;
  }
  for (const method of QUEUE_METHODS) {
    if (typeof (value as Record<string, unknown>)[method] !== 'function') {
      issues.push({ path: ['queue', method], message: 'must be a function' });
    }
  }
}

/** Internal: validates the handler's own options (not `braze`'s); throws a `ValidationError`. */
export function resolveWebhookOptions(options: unknown): ResolvedWebhookOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError(TARGET, [{ path: [], message: 'must be an object' }]);
  }
  const issues: Issue[] = [];
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.includes(key)) {
      issues.push({ path: [key], message: `unknown key (expected ${KNOWN_OPTIONS.join(', ')})` });
    }
  }
  const o = options as Record<string, unknown>;
  const secret = checkSecret(o, issues);
  let secretHeader: string | undefined;
  if (o.secretHeader !== undefined) {
    if (typeof o.secretHeader !== 'string' || !HEADER_NAME.test(o.secretHeader)) {
      issues.push({
        path: ['secretHeader'],
        message: 'must be a header name such as "x-regal-secret"',
      });
    } else {
      secretHeader = o.secretHeader.toLowerCase();
    }
  }
  if (o.allowUnauthenticated !== undefined && typeof o.allowUnauthenticated !== 'boolean') {
    issues.push({ path: ['allowUnauthenticated'], message: 'must be a boolean' });
  }
  if (
    o.braze !== undefined &&
    !(o.braze instanceof BrazeClient) &&
    (typeof o.braze !== 'object' || o.braze === null)
  ) {
    issues.push({ path: ['braze'], message: 'must be a BrazeClient or BrazeClient options' });
  }
  let transform: RegalTransformer | undefined;
  try {
    transform =
      typeof o.transform === 'function'
        ? (o.transform as RegalTransformer)
        : createTransformer(o.transform as TransformOptions | undefined);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    for (const issue of error.issues)
      issues.push({ path: ['transform', ...issue.path], message: issue.message });
  }
  if (o.onDeliveryFailure !== undefined && typeof o.onDeliveryFailure !== 'function') {
    issues.push({ path: ['onDeliveryFailure'], message: 'must be a function' });
  }
  checkDedupStore(o.dedupStore, issues);
  checkQueue(o.queue, issues);
  const dedupWindowMs = checkNumber(o, 'dedupWindowMs', 1, 3_600_000, issues);
  const maxEventAgeMs = checkNumber(o, 'maxEventAgeMs', 0, 86_400_000, issues);
  const flushIntervalMs = checkNumber(o, 'flushIntervalMs', 0, 1_000, issues);
  const maxBodyBytes = checkNumber(o, 'maxBodyBytes', 1, 1_048_576, issues);
  if (o.logger !== undefined) checkLogger(o.logger, ['logger'], issues);
  if (issues.length > 0) throw new ValidationError(TARGET, issues);
  return {
    secret,
    secretHeader,
    transform: transform as RegalTransformer,
    onDeliveryFailure: o.onDeliveryFailure as ResolvedWebhookOptions['onDeliveryFailure'],
    dedupStore: o.dedupStore as DedupStore | false | undefined,
    dedupWindowMs,
    queue: o.queue as DeliveryQueue | undefined,
    maxEventAgeMs,
    flushIntervalMs,
    maxBodyBytes,
    logger: o.logger as Logger | undefined,
    clock: (options as { [CLOCK_OPTION]?: Clock })[CLOCK_OPTION],
  };
}
