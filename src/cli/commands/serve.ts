import type { AddressInfo } from 'node:net';
import { PayloadError, ValidationError } from '../../errors/index.js';
import { escapeUnprintable, formatPath, printable } from '../../common/text.js';
import { SafeLogger, type Logger } from '../../http/logger.js';
import { secretsOf } from '../../http/redact.js';
import type { BrazeRequestLimit } from '../../transforms/users-track/limits.js';
import { createTransformer } from '../../transforms/index.js';
import { createWebhookHandler, type WebhookHandler } from '../../webhook/create-webhook-handler.js';
import type { DeliveryFailure } from '../../webhook/delivery-failure.js';
import { BRIDGE_MAX_RETRIES } from '../../webhook/options.js';
import { redisDedupStore } from '../../webhook/redis-dedup-store.js';
import { parseDuration, wholeNumberFlag } from '../flag-values.js';
import { chooseQueue, openQueue, QUEUE_OPTIONS, queueOptionsHelp } from '../queue-flags.js';
import { defineCommand, type Command } from '../command.js';
import { EXIT, UsageError } from '../exit.js';
import type { CliIo } from '../io.js';
import {
  createBridgeServer,
  DEFAULT_MAX_CONNECTIONS,
  defaultMaxConnections,
  KEEP_ALIVE_TIMEOUT_MS,
  REQUEST_TIMEOUT_MS,
} from '../serve-http.js';
import {
  checkFlags,
  inFlagTerms,
  TRANSFORM_OPTIONS,
  TRANSFORM_OPTIONS_HELP,
  transformOptionsFrom,
} from '../transform-options.js';

const usage = 'Usage: regal-braze serve [--port N] [--host H] [options]';

const help = `${usage}

Runs the webhook bridge: receives Regal reporting webhooks, answers within milliseconds, and
delivers each event to Braze POST /users/track in batches (up to 75 objects in all), with
retries on 429, 5xx and network errors. Copies of an event (same eventId) are forwarded once.

Environment:
  REGAL_WEBHOOK_SECRET   the secret Regal sends (configure it in Regal as the header
                         "Authorization: Bearer <secret>")
  BRAZE_API_KEY          a Braze REST API key with the users.track permission
  BRAZE_REST_ENDPOINT    your Braze instance (US-01 … US-10, EU-01, EU-02, AU-01…) or its URL

Routes:
  POST /  and  POST /regal   a Regal webhook: 202 queued, 400 invalid, 401 wrong secret,
                             413 over 1 MiB, 503 shutting down or queue full
  GET /healthz               200 with the bridge's counters (503 while shutting down;
                             status "delivery-paused" while Braze refuses the key)
  GET /metrics               Prometheus metrics (text format 0.0.4)

Options:
  --port N                         port to listen on (default 8787; 0 picks a free one)
  --host H                         address to listen on (default 127.0.0.1; 0.0.0.0 for all)
  --secret-header NAME             also accept the secret in this header (e.g. x-regal-secret)
  --flush-interval MS              longest an event waits for a batch to fill (default 1000)
${queueOptionsHelp(true)}
  --max-event-age DURATION         how long an event is retried while Braze is down, limiting
                                   or refusing the key, before it becomes a dead letter
                                   (default 24h; e.g. 90m, 2h, 3d, or milliseconds)
  --visibility-timeout MS          with --redis-url: entries an instance held this long without
                                   renewing them (it died) are taken over by another
                                   (default 60000)
  --shutdown-timeout MS            on SIGTERM/SIGINT, longest wait for Braze before exiting
                                   (default 8000: under the 10 s Docker gives before SIGKILL)
  --max-connections N              connections open at once (default ${DEFAULT_MAX_CONNECTIONS}, or 3/4 of the
                                   open-file limit when lower); at the cap, the oldest idle
                                   connection is closed to make room
  --braze-request-limit RULE       how your Braze contract counts the objects of a request:
                                   75-combined (default: 75 in all), 50-combined (50 in all),
                                   75-per-array (legacy rate limits: 75 in each array)

${TRANSFORM_OPTIONS_HELP}

  -h, --help                       show this help

Each accepted event is committed to the queue before the 202: with --data-dir (the default)
it survives a crash or kill -9, and the next start delivers what is left. A 429 pauses
delivery until Braze's reset; an outage or a refused key (401/403, logged as an error) backs
off, up to 5 minutes between tries. An event Braze refuses, or not delivered within
--max-event-age, becomes a dead letter, kept in the queue: regal-braze dead-letters lists,
replays and purges them. One log line per delivery batch on stderr, and one per dead letter.

SIGTERM or SIGINT: stop accepting (the server keeps listening and answers new webhooks 503
with Retry-After), wait for the Braze requests in flight (with --memory: deliver what is
queued) for --shutdown-timeout at most, exit 0. A second signal exits at once (exit 1).

A request must send its headers and body within ${REQUEST_TIMEOUT_MS / 1000} s (Regal waits 5 s for the answer);
an idle keep-alive connection is closed after ${KEEP_ALIVE_TIMEOUT_MS / 1000} s.

Exit codes: 0 after a clean shutdown, 1 after a second signal, 2 bad usage or configuration.`;

/** Under Docker's 10 s between SIGTERM and SIGKILL, with time left to exit. */
const DEFAULT_SHUTDOWN_TIMEOUT_MS = 8_000;

/** Which environment variable or flag set each option, to name it in messages. */
const ENV_OF: Readonly<Record<string, string>> = {
  apiKey: 'BRAZE_API_KEY',
  restEndpoint: 'BRAZE_REST_ENDPOINT',
  secret: 'REGAL_WEBHOOK_SECRET',
  requestLimit: '--braze-request-limit',
};

/**
 * A logger writing one line per message on stderr, every line masked of `credentials` (the
 * webhook secret, the Braze key); payload text is escaped by the bridge. It never throws: once
 * stderr is gone (a closed pipe: EPIPE), lines are dropped and the bridge goes on delivering
 * (the entry point also swallows the stream's asynchronous error).
 */
function stderrLogger(io: CliIo, credentials: readonly string[]): Logger {
  let broken = false;
  const write = (message: string): void => {
    if (broken) return;
    try {
      io.stderr.write(`regal-braze serve: ${escapeUnprintable(message)}\n`);
    } catch {
      broken = true;
    }
  };
  const masked = new SafeLogger({ info: write, warn: write, error: write }, credentials);
  return {
    info: (message) => masked.log('info', message),
    warn: (message) => masked.log('warn', message),
    error: (message) => masked.log('error', message),
  };
}

function configError(error: ValidationError): UsageError {
  const message = error.issues
    .map((issue) => {
      const [field] = issue.path;
      const env = typeof field === 'string' ? ENV_OF[field] : undefined;
      return env === undefined
        ? `${formatPath(issue.path)}: ${issue.message}`
        : `${env}: ${issue.message.replace(/^(BRAZE_API_KEY|BRAZE_REST_ENDPOINT|REGAL_WEBHOOK_SECRET) /, '')}`;
    })
    .join('; ');
  return new UsageError(message, usage);
}

/** `regal-braze serve`: the webhook bridge as a process. */
export const serveCommand: Command = defineCommand({
  name: 'serve',
  summary: 'run the webhook bridge: Regal webhooks in, batched Braze /users/track out',
  usage,
  help,
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    'secret-header': { type: 'string' },
    'flush-interval': { type: 'string' },
    'max-event-age': { type: 'string' },
    'shutdown-timeout': { type: 'string' },
    'max-connections': { type: 'string' },
    'visibility-timeout': { type: 'string' },
    ...QUEUE_OPTIONS,
    'braze-request-limit': { type: 'string' },
    ...TRANSFORM_OPTIONS,
  },

  async run({ values }, io) {
    const port = wholeNumberFlag(values.port, '--port', usage, 0, 65_535) ?? 8787;
    const host = values.host ?? '127.0.0.1';
    const flushIntervalMs = wholeNumberFlag(
      values['flush-interval'],
      '--flush-interval',
      usage,
      0,
      3_600_000,
    );
    const maxEventAgeMs =
      values['max-event-age'] === undefined
        ? undefined
        : parseDuration(values['max-event-age'], '--max-event-age', usage);
    const shutdownTimeoutMs =
      wholeNumberFlag(values['shutdown-timeout'], '--shutdown-timeout', usage, 0, 3_600_000) ??
      DEFAULT_SHUTDOWN_TIMEOUT_MS;
    const maxConnections =
      wholeNumberFlag(values['max-connections'], '--max-connections', usage, 1, 1_000_000) ??
      defaultMaxConnections();
    const visibilityMs = wholeNumberFlag(
      values['visibility-timeout'],
      '--visibility-timeout',
      usage,
      1,
      3_600_000,
    );
    const chosen = chooseQueue(values, io, usage, true);
    if (visibilityMs !== undefined && chosen.kind !== 'redis') {
      throw new UsageError('--visibility-timeout applies to the Redis queue (--redis-url)', usage);
    }
    const queueChoice = visibilityMs === undefined ? chosen : { ...chosen, visibilityMs };
    const transformOptions = transformOptionsFrom(values, usage);
    const transformer = checkFlags(transformOptions, usage, () =>
      createTransformer(transformOptions),
    );
    // A refused event is answered (and logged) in the terms of this command line.
    const transform = (event: unknown) => {
      try {
        return transformer(event);
      } catch (error) {
        if (!(error instanceof PayloadError)) throw error;
        const issues = error.issues.map((issue) => ({
          ...issue,
          message: inFlagTerms(issue.message),
        }));
        throw new PayloadError(issues, error.eventName);
      }
    };

    const missing = ['REGAL_WEBHOOK_SECRET', 'BRAZE_API_KEY', 'BRAZE_REST_ENDPOINT'].filter(
      (name) => (io.env[name] ?? '').trim() === '',
    );
    if (missing.length > 0) {
      throw new UsageError(`set the environment variable(s) ${missing.join(', ')}`, usage);
    }

    const logger = stderrLogger(io, [
      ...secretsOf(io.env.REGAL_WEBHOOK_SECRET as string),
      ...secretsOf(`Bearer ${io.env.BRAZE_API_KEY as string}`),
    ]);
    const queue = await openQueue(queueChoice, usage, { create: true });
    // On Redis, the de-duplication marks are shared too: a copy reaching another instance is
    // recognised.
    const dedupStore =
      queueChoice.kind === 'redis'
        ? redisDedupStore({ url: queueChoice.redisUrl as string })
        : undefined;
    let hinted = false;
    let closedUndelivered = 0;
    const onDeliveryFailure = (failure: DeliveryFailure): void => {
      if (failure.kind === 'closed') closedUndelivered++;
      const name = typeof failure.event.name === 'string' ? printable(failure.event.name) : '?';
      const eventId = failure.eventId === undefined ? '(no eventId)' : printable(failure.eventId);
      logger.error!(
        `delivery failed (${failure.kind}) for Regal event ${eventId} (${name}): ${escapeUnprintable(failure.reason)}`,
      );
      if (!hinted) {
        hinted = true;
        logger.error!(
          queue.durable
            ? 'dead letters are kept in the queue: regal-braze dead-letters list shows them, replay sends them again'
            : 'dead letters are only logged here (--memory); in code, createWebhookHandler({ onDeliveryFailure }) receives each one with the original event, to store and replay',
        );
      }
    };

    let handler: WebhookHandler;
    try {
      handler = createWebhookHandler({
        secret: io.env.REGAL_WEBHOOK_SECRET,
        secretHeader: values['secret-header'],
        // Options, not a client: the handler then measures each attempt for /metrics. No logger
        // for the client: the bridge's line per batch says how many attempts it took.
        braze: {
          apiKey: io.env.BRAZE_API_KEY,
          restEndpoint: io.env.BRAZE_REST_ENDPOINT,
          maxRetries: BRIDGE_MAX_RETRIES,
          requestLimit: values['braze-request-limit'] as BrazeRequestLimit | undefined,
          logger: undefined,
        },
        transform,
        flushIntervalMs,
        queue,
        ...(dedupStore === undefined ? {} : { dedupStore }),
        maxEventAgeMs,
        logger,
        onDeliveryFailure,
      });
    } catch (error) {
      await queue.close();
      await dedupStore?.close();
      if (error instanceof ValidationError) throw configError(error);
      throw error;
    }

    let shuttingDown = false;
    const server = createBridgeServer({
      handler,
      maxConnections,
      shuttingDown: () => shuttingDown,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve());
      });
    } catch (error) {
      await handler.close({ timeoutMs: 0 });
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new UsageError(`cannot listen on ${host}:${port} (${code})`, usage);
    }
    const address = server.address() as AddressInfo;
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    logger.info!(
      queue.durable
        ? `queue: ${queue.description}; accepted events survive a crash, the next start delivers what is left`
        : 'queue: in memory (--memory): a crash or kill loses every event queued and not yet delivered',
    );
    logger.info!(
      `listening on http://${shownHost}:${address.port} (POST / or /regal, GET /healthz, GET /metrics), delivering to ${io.env.BRAZE_REST_ENDPOINT?.trim()}`,
    );

    const signal = await new Promise<string>((resolve) => {
      process.once('SIGTERM', () => resolve('SIGTERM'));
      process.once('SIGINT', () => resolve('SIGINT'));
    });
    shuttingDown = true;
    const { queued, inFlight } = handler.stats();
    const limit = `${shutdownTimeoutMs} ms at most; a second signal exits at once`;
    logger.info!(
      queue.durable
        ? `${signal}: shutting down: new webhooks get 503, finishing ${inFlight} event(s) in flight (${limit}); ${queued} stay queued for the next start`
        : `${signal}: shutting down: new webhooks get 503, delivering ${queued + inFlight} queued event(s) (${limit})`,
    );
    const again = (second: string) => {
      const { queued: left, inFlight: sending } = handler.stats();
      const lost =
        queue.durable || left + sending === 0
          ? ''
          : `; ${left + sending} event(s) not delivered, lost with the memory queue`;
      logger.error!(`second signal (${second}): exiting now${lost}`);
      process.exit(1);
    };
    process.once('SIGTERM', again);
    process.once('SIGINT', again);
    // The server keeps listening meanwhile: a webhook arriving now gets a 503 with Retry-After,
    // not a refused connection.
    await handler.close({ timeoutMs: shutdownTimeoutMs });
    server.close();
    server.closeAllConnections();
    await dedupStore?.close();
    const stats = handler.stats();
    const lost =
      closedUndelivered > 0
        ? `; ${closedUndelivered} event(s) not delivered within --shutdown-timeout, lost with the memory queue (each logged above)`
        : '';
    logger.info!(
      `stopped: ${stats.accepted} event(s) accepted, ${stats.delivered} delivered, ${stats.failed} failed, ${stats.duplicates} duplicate(s), ${stats.brazeRequests} Braze request(s)${lost}`,
    );
    process.removeListener('SIGTERM', again);
    process.removeListener('SIGINT', again);
    return EXIT.ok;
  },
});
