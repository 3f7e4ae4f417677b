import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BrazeClient } from '../../braze/braze-client.js';
import { ValidationError } from '../../errors/index.js';
import { formatPath } from '../../errors/issue.js';
import { escapeUnprintable, printable } from '../../errors/printable.js';
import { SafeLogger, type Logger } from '../../http/logger.js';
import { secretsOf } from '../../http/redact.js';
import type { BrazeRequestLimit } from '../../transforms/braze/limits.js';
import { resolveTransformOptions } from '../../transforms/options.js';
import { createWebhookHandler, type WebhookHandler } from '../../webhook/create-webhook-handler.js';
import type { DeliveryFailure } from '../../webhook/delivery-failure.js';
import { toNodeListener } from '../../webhook/node-listener.js';
import { HELP_OPTION, parseCommandArgs, type Command } from '../command.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { oneLine } from '../one-line.js';
import {
  checkFlags,
  TRANSFORM_OPTIONS,
  TRANSFORM_OPTIONS_HELP,
  transformOptionsFrom,
} from '../transform-options.js';
import { UsageError } from '../usage-error.js';

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
  GET /healthz               200 with the bridge's counters (503 while shutting down)

Options:
  --port N                         port to listen on (default 8787; 0 picks a free one)
  --host H                         address to listen on (default 127.0.0.1; 0.0.0.0 for all)
  --secret-header NAME             also accept the secret in this header (e.g. x-regal-secret)
  --flush-interval MS              longest an event waits for a batch to fill (default 1000)
  --braze-request-limit RULE       how your Braze contract counts the objects of a request:
                                   75-combined (default: 75 in all), 50-combined (50 in all),
                                   75-per-array (legacy rate limits: 75 in each array)

${TRANSFORM_OPTIONS_HELP}

  -h, --help                       show this help

One log line per delivery batch on stderr, and one per event that could not be delivered
(in code, createWebhookHandler's onDeliveryFailure receives those, to store and replay).
SIGTERM or SIGINT: stop accepting, deliver what is queued (10 s at most), exit 0.

Exit codes: 0 after a clean shutdown, 2 bad usage or configuration.`;

const SHUTDOWN_TIMEOUT_MS = 10_000;

/** Which environment variable or flag set each option, to name it in messages. */
const ENV_OF: Readonly<Record<string, string>> = {
  apiKey: 'BRAZE_API_KEY',
  restEndpoint: 'BRAZE_REST_ENDPOINT',
  secret: 'REGAL_WEBHOOK_SECRET',
  requestLimit: '--braze-request-limit',
};

function wholeNumber(
  value: string | undefined,
  flag: string,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new UsageError(
      `${flag} expects a whole number from ${min} to ${max}, got "${value}"`,
      usage,
    );
  }
  return Number(value);
}

/**
 * A logger writing one line per message on stderr, every line masked of `credentials` (the
 * webhook secret, the Braze key); payload text is escaped by the bridge.
 */
function stderrLogger(io: CliIo, credentials: readonly string[]): Logger {
  const write = (message: string) =>
    void io.stderr.write(`regal-braze serve: ${oneLine(message)}\n`);
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

function json(response: ServerResponse, status: number, body: object): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

function router(handler: WebhookHandler) {
  const bridge = toNodeListener(handler);
  return (request: IncomingMessage, response: ServerResponse): void => {
    const path = (request.url ?? '/').split('?')[0];
    if (path === '/' || path === '/regal') {
      void bridge(request, response);
    } else if (path === '/healthz') {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.setHeader('allow', 'GET, HEAD');
        json(response, 405, { error: 'method_not_allowed' });
        return;
      }
      const stats = handler.stats();
      json(response, stats.closing ? 503 : 200, {
        status: stats.closing ? 'closing' : 'ok',
        ...stats,
      });
    } else {
      json(response, 404, { error: 'not_found', message: 'POST / or /regal; GET /healthz' });
    }
  };
}

/** `regal-braze serve`: the webhook bridge as a process. */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the webhook bridge: Regal webhooks in, batched Braze /users/track out',
  usage,
  help,

  async run(args, io) {
    const { values } = parseCommandArgs(
      usage,
      args,
      {
        ...HELP_OPTION,
        port: { type: 'string' },
        host: { type: 'string' },
        'secret-header': { type: 'string' },
        'flush-interval': { type: 'string' },
        'braze-request-limit': { type: 'string' },
        ...TRANSFORM_OPTIONS,
      },
      false,
    );
    if (values.help === true) {
      io.stdout.write(`${help}\n`);
      return EXIT.ok;
    }
    const port = wholeNumber(values.port, '--port', 0, 65_535) ?? 8787;
    const host = values.host ?? '127.0.0.1';
    const flushIntervalMs = wholeNumber(values['flush-interval'], '--flush-interval', 0, 3_600_000);
    const transform = transformOptionsFrom(values, usage);
    checkFlags(transform, usage, () => resolveTransformOptions(transform));

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
    let hinted = false;
    const onDeliveryFailure = (failure: DeliveryFailure): void => {
      const name = typeof failure.event.name === 'string' ? printable(failure.event.name) : '?';
      const eventId = failure.eventId === undefined ? '(no eventId)' : printable(failure.eventId);
      logger.error!(
        `delivery failed (${failure.kind}) for Regal event ${eventId} (${name}): ${escapeUnprintable(failure.reason)}`,
      );
      if (!hinted) {
        hinted = true;
        logger.error!(
          'failed deliveries are only logged here; in code, createWebhookHandler({ onDeliveryFailure }) receives each one with the original event, to store and replay',
        );
      }
    };

    let handler: WebhookHandler;
    try {
      handler = createWebhookHandler({
        secret: io.env.REGAL_WEBHOOK_SECRET,
        secretHeader: values['secret-header'],
        // No logger for the client: the bridge's line per batch says how many attempts it took.
        braze: new BrazeClient({
          apiKey: io.env.BRAZE_API_KEY,
          restEndpoint: io.env.BRAZE_REST_ENDPOINT,
          maxRetries: 6,
          requestLimit: values['braze-request-limit'] as BrazeRequestLimit | undefined,
        }),
        transform,
        flushIntervalMs,
        logger,
        onDeliveryFailure,
      });
    } catch (error) {
      if (error instanceof ValidationError) throw configError(error);
      throw error;
    }

    const server = createServer(router(handler));
    server.keepAliveTimeout = 65_000;
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
      `listening on http://${shownHost}:${address.port} (POST / or /regal, GET /healthz), delivering to ${io.env.BRAZE_REST_ENDPOINT?.trim()}`,
    );

    const signal = await new Promise<string>((resolve) => {
      process.once('SIGTERM', () => resolve('SIGTERM'));
      process.once('SIGINT', () => resolve('SIGINT'));
    });
    const { queued, inFlight } = handler.stats();
    logger.info!(`${signal}: shutting down, delivering ${queued + inFlight} queued event(s)`);
    const again = () => {
      logger.error!('second signal: exiting without waiting');
      process.exit(1);
    };
    process.once('SIGTERM', again);
    process.once('SIGINT', again);
    server.close();
    await handler.close({ timeoutMs: SHUTDOWN_TIMEOUT_MS });
    server.closeAllConnections();
    const stats = handler.stats();
    logger.info!(
      `stopped: ${stats.accepted} event(s) accepted, ${stats.delivered} delivered, ${stats.failed} failed, ${stats.duplicates} duplicate(s), ${stats.brazeRequests} Braze request(s)`,
    );
    process.removeListener('SIGTERM', again);
    process.removeListener('SIGINT', again);
    return EXIT.ok;
  },
};
