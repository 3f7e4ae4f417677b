/**
 * The HTTP server of `regal-braze serve`: routes, and settings fitted to Regal, which waits 5 s
 * for an answer and then gives up. Node's defaults (60 s for the headers, 300 s for a request,
 * no connection cap) let a slow or hostile client hold a socket for minutes and, past the file
 * descriptor limit, block every webhook and the outgoing Braze connections too.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { WebhookHandler } from '../webhook/create-webhook-handler.js';
import { METRICS_CONTENT_TYPE } from '../webhook/metrics.js';
import { toNodeListener } from '../webhook/node-listener.js';

/** The whole request (headers and body) must arrive within this; the socket is closed after. */
export const REQUEST_TIMEOUT_MS = 10_000;
/** How often Node checks the two timeouts above (its default, 30 s, would let them overrun). */
const TIMEOUT_CHECK_MS = 1_000;
/** An idle keep-alive connection is closed after this: above the 60 s of common load balancers. */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;
/** Connections open at once by default (`--max-connections`), below the descriptor limit. */
export const DEFAULT_MAX_CONNECTIONS = 512;

/**
 * The default connection cap: {@link DEFAULT_MAX_CONNECTIONS}, or 3/4 of the process's open
 * file limit when that is lower (Linux: `/proc/self/limits`), leaving descriptors for the
 * connections to Braze and the queue's files. Past the limit, `accept` fails and nothing works.
 */
export function defaultMaxConnections(): number {
  let limits: string;
  try {
    limits = readFileSync('/proc/self/limits', 'utf8');
  } catch {
    return DEFAULT_MAX_CONNECTIONS;
  }
  const soft = /^Max open files\s+(\d+)/m.exec(limits)?.[1];
  if (soft === undefined) return DEFAULT_MAX_CONNECTIONS;
  return Math.max(1, Math.min(DEFAULT_MAX_CONNECTIONS, Math.floor((Number(soft) * 3) / 4)));
}

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

async function metrics(handler: WebhookHandler, response: ServerResponse): Promise<void> {
  try {
    const text = await handler.metrics();
    response.writeHead(200, { 'content-type': METRICS_CONTENT_TYPE });
    response.end(text);
  } catch {
    json(response, 500, { error: 'internal_error', message: 'metrics unavailable' });
  }
}

/** `/healthz`: cheap (the counters in memory), 503 only while shutting down. */
function health(handler: WebhookHandler): [number, object] {
  const stats = handler.stats();
  if (stats.closing) return [503, { status: 'closing', ...stats }];
  if (stats.delivery === 'unauthorized') {
    // Still up and keeping what it accepts: a restart would not fix the key.
    return [
      200,
      {
        status: 'delivery-paused',
        message:
          'Braze refuses the API key (401/403): delivery is paused, accepted events wait; fix BRAZE_API_KEY',
        ...stats,
      },
    ];
  }
  return [200, { status: 'ok', ...stats }];
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
      json(response, ...health(handler));
    } else if (path === '/metrics') {
      if (!onlyGet(request, response)) return;
      void metrics(handler, response);
    } else {
      json(response, 404, {
        error: 'not_found',
        message: 'POST / or /regal; GET /healthz, GET /metrics',
      });
    }
  };
}

/**
 * Caps the connections open at once. At the cap, a new connection makes room by closing the
 * oldest idle one (no request being answered: still sending its headers, or an idle
 * keep-alive), so that sockets held open by slow or hostile clients cannot lock out a webhook,
 * whose headers arrive at once. When every connection is busy, the new one is closed.
 */
function capConnections(server: Server, max: number): void {
  // Insertion order is age order; `busy` marks those with a request being answered.
  const open = new Set<Socket>();
  const busy = new WeakSet<Socket>();
  server.on('connection', (socket: Socket) => {
    if (open.size >= max) {
      let evicted = false;
      for (const other of open) {
        if (busy.has(other)) continue;
        other.destroy();
        open.delete(other);
        evicted = true;
        break;
      }
      if (!evicted) {
        socket.destroy();
        return;
      }
    }
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const { socket } = request;
    busy.add(socket);
    response.once('close', () => {
      busy.delete(socket);
      // Answered: back to the end of the line, as the youngest idle connection.
      if (open.delete(socket) && !socket.destroyed) open.add(socket);
    });
  });
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
  capConnections(server, options.maxConnections);
  return server;
}
