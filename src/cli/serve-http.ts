/**
 * The HTTP server of `regal-braze serve`: routes, and settings fitted to Regal, which waits 5 s
 * for an answer and then gives up. Node's defaults (60 s for the headers, 300 s for a request,
 * no connection cap) let a slow or hostile client hold a socket for minutes and, past the file
 * descriptor limit, block every webhook and the outgoing Braze connections too.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { WebhookHandler } from '../webhook/create-webhook-handler.js';
import { toNodeListener } from '../webhook/node-listener.js';

/** The whole request (headers and body) must arrive within this; the socket is closed after. */
export const REQUEST_TIMEOUT_MS = 10_000;
/** How often Node checks the two timeouts above (its default, 30 s, would let them overrun). */
const TIMEOUT_CHECK_MS = 1_000;
/** An idle keep-alive connection is closed after this: above the 60 s of common load balancers. */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;
/** Connections open at once by default (`--max-connections`); more are closed on accept. */
export const DEFAULT_MAX_CONNECTIONS = 512;

const JSON_TYPE = 'application/json; charset=utf-8';

/** What the routes need besides the handler. */
export interface BridgeServerOptions {
  readonly handler: WebhookHandler;
  readonly maxConnections: number;
  /** Whether the process is shutting down (answers then close their connection). */
  readonly shuttingDown: () => boolean;
}

function json(response: ServerResponse, status: number, body: object): void {
  response.writeHead(status, { 'content-type': JSON_TYPE });
  response.end(JSON.stringify(body));
}

function onlyGet(request: IncomingMessage, response: ServerResponse): boolean {
  if (request.method === 'GET' || request.method === 'HEAD') return true;
  response.setHeader('allow', 'GET, HEAD');
  json(response, 405, { error: 'method_not_allowed' });
  return false;
}

function router({ handler, shuttingDown }: BridgeServerOptions) {
  const bridge = toNodeListener(handler);
  return (request: IncomingMessage, response: ServerResponse): void => {
    // While shutting down, keep-alive clients are sent elsewhere with their next request.
    if (shuttingDown()) response.setHeader('connection', 'close');
    const path = (request.url ?? '/').split('?')[0];
    if (path === '/' || path === '/regal') {
      void bridge(request, response);
    } else if (path === '/healthz') {
      if (!onlyGet(request, response)) return;
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

/** The server of `serve`, not listening yet. */
export function createBridgeServer(options: BridgeServerOptions): Server {
  const server = createServer(
    {
      headersTimeout: REQUEST_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS,
      connectionsCheckingInterval: TIMEOUT_CHECK_MS,
    },
    router(options),
  );
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.maxConnections = options.maxConnections;
  return server;
}
