import { BrazeClient } from '../braze/braze-client.js';
import type { BrazeClientOptions } from '../braze/options.js';
import { collectIssues, ValidationError } from '../errors/errors.js';
import type { Logger } from '../http/logger.js';
import { logger } from '../http/request-options.js';
import { isRecord } from '../common/objects.js';
import {
  boolean,
  callable,
  implementing,
  MAX_TIMEOUT_MS,
  readOptions,
  secretToken,
  wholeNumber,
  type Check,
  type OptionsSpec,
  type ResolvedOptions,
} from '../common/options.js';
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

/** Internal, for tests: a clock to drive the pipeline's timers. */
export const CLOCK_OPTION: unique symbol = Symbol('clock');

/** The shortest webhook secret accepted. */
const MIN_SECRET_LENGTH = 16;
// RFC 9110 token: the characters a header name may have.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

// A header token (as API keys are), and long enough to be hard to guess.
const webhookSecret: Check<string> = (value, path, issues) => {
  const secret = secretToken(value, path, issues);
  if (secret === undefined || secret.length >= MIN_SECRET_LENGTH) return secret;
  issues.push({
    path,
    message: `is shorter than ${MIN_SECRET_LENGTH} characters: a shared secret must be hard to guess (make one with \`openssl rand -hex 24\`)`,
  });
  return undefined;
};

// Kept lower-case: it is compared with the names of incoming headers.
const headerName: Check<string> = (value, path, issues) => {
  if (typeof value === 'string' && HEADER_NAME.test(value)) return value.toLowerCase();
  issues.push({ path, message: 'must be a header name such as "x-regal-secret"' });
  return undefined;
};

const brazeClientOrOptions: Check<BrazeClient | BrazeClientOptions> = (value, path, issues) => {
  if (value instanceof BrazeClient || isRecord(value))
    return value as BrazeClient | BrazeClientOptions;
  issues.push({ path, message: 'must be a BrazeClient or BrazeClient options' });
  return undefined;
};

// A transformer as given, or one made from transform options (their issues under `transform`).
const transformer: Check<RegalTransformer> = (value, path, issues) => {
  if (typeof value === 'function') return value as RegalTransformer;
  try {
    return createTransformer(value as TransformOptions);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    for (const issue of error.issues)
      issues.push({ path: [...path, ...issue.path], message: issue.message });
    return undefined;
  }
};

const dedupStoreOrFalse: Check<DedupStore | false> = (value, path, issues) =>
  value === false
    ? false
    : implementing<DedupStore>(
        ['has', 'add', 'delete'],
        'a store with has, add and delete, or false',
      )(value, path, issues);

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
] as const satisfies readonly (keyof DeliveryQueue)[];

// Timers (and ages compared with a clock): whole milliseconds a timer can wait.
const wholeMilliseconds = (min: number): Check<number> => wholeNumber(min, MAX_TIMEOUT_MS);

/** Internal: how each option of the handler is read, in the order error messages list them. */
const WEBHOOK_OPTIONS = {
  // Built into a client by the handler (BrazeClient checks its own options).
  braze: { check: brazeClientOrOptions },
  secret: { check: webhookSecret, env: 'REGAL_WEBHOOK_SECRET' },
  secretHeader: { check: headerName },
  allowUnauthenticated: { check: boolean, default: false },
  // Defaults to `createTransformer()`, made per handler.
  transform: { check: transformer },
  onDeliveryFailure: { check: callable<(failure: DeliveryFailure) => void | Promise<void>>() },
  dedupStore: { check: dedupStoreOrFalse },
  dedupWindowMs: { check: wholeMilliseconds(1), default: 3_600_000 },
  queue: {
    check: implementing<DeliveryQueue>(
      QUEUE_METHODS,
      'a delivery queue (memoryQueue(), sqliteQueue({ path }), …)',
    ),
  },
  maxEventAgeMs: { check: wholeMilliseconds(0), default: 86_400_000 },
  flushIntervalMs: { check: wholeMilliseconds(0), default: 1_000 },
  // A size: bounded by memory, not by the timer limit.
  maxBodyBytes: { check: wholeNumber(1), default: 1_048_576 },
  logger: { check: logger },
} as const satisfies OptionsSpec;

// No secret is a startup error, unless the caller opted out of authentication.
const WEBHOOK_OPTIONS_WITH_SECRET = {
  ...WEBHOOK_OPTIONS,
  secret: {
    ...WEBHOOK_OPTIONS.secret,
    required: '(allowUnauthenticated: true accepts requests without one)',
  },
} as const satisfies OptionsSpec;

/** Internal: options checked, defaults applied. */
export type ResolvedWebhookOptions = Omit<ResolvedOptions<typeof WEBHOOK_OPTIONS>, 'transform'> & {
  transform: RegalTransformer;
  clock: Clock | undefined;
};

/** Internal: validates the handler's own options (not `braze`'s); throws a `ValidationError`. */
export function resolveWebhookOptions(options: unknown): ResolvedWebhookOptions {
  const open = isRecord(options) && options.allowUnauthenticated === true;
  const resolved = collectIssues('createWebhookHandler options', (issues) =>
    readOptions(open ? WEBHOOK_OPTIONS : WEBHOOK_OPTIONS_WITH_SECRET, options, issues),
  );
  return {
    ...resolved,
    transform: resolved.transform ?? createTransformer(),
    clock: (options as { [CLOCK_OPTION]?: Clock })[CLOCK_OPTION],
  };
}
