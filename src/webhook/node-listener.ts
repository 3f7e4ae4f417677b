import { WEBHOOK_CORE, type WebhookCore } from './incoming.js';
import { joinChunks, type BodyRead } from './read-body.js';

/**
 * The parts of Node's `http.IncomingMessage` (and Express's `Request`) that
 * {@link toNodeListener} uses. Typed structurally so that the package needs no Node types.
 */
export interface NodeRequestLike {
  /** `POST`, `GET`… */
  readonly method?: string | undefined;
  /** Path and query, e.g. `/regal?x=1`. */
  readonly url?: string | undefined;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** A body already read by a middleware (Express `express.raw()` / `express.text()`), if any. */
  readonly body?: unknown;
  /** Whether the body stream has been read to its end (by a middleware). */
  readonly readableEnded?: boolean;
  /** Whether the whole request, body included, has been received (Node's `IncomingMessage`). */
  readonly complete?: boolean;
  /** Stream events: `data` (a chunk), `end`, `error`, `close`. */
  on(event: string, listener: (...args: never[]) => void): unknown;
  /** Removes a listener added with `on`. */
  removeListener(event: string, listener: (...args: never[]) => void): unknown;
  /** Stops `data` events (backpressure). */
  pause(): unknown;
  /** Resumes `data` events. */
  resume(): unknown;
}

/** The parts of Node's `http.ServerResponse` (and Express's `Response`) that {@link toNodeListener} uses. */
export interface NodeResponseLike {
  /** The status to send. */
  statusCode: number;
  /** Whether headers were sent already. */
  readonly headersSent?: boolean;
  /** Sets one header. */
  setHeader(name: string, value: string | string[]): unknown;
  /** Sends the body and ends the response. */
  end(chunk?: Uint8Array | string): unknown;
}

const encoder = new TextEncoder();

const asBytes = (chunk: Uint8Array | string): Uint8Array =>
  typeof chunk === 'string' ? encoder.encode(chunk) : chunk;

/**
 * A body a middleware already read (Express `express.raw()` / `express.text()` /
 * `express.json()`, serialised again), as bytes; `undefined` when the stream is still to read.
 */
function preReadBody(request: NodeRequestLike): Uint8Array | undefined {
  const { body } = request;
  if (typeof body === 'string') return encoder.encode(body);
  if (body instanceof Uint8Array) return body;
  if (request.readableEnded === true) {
    return body === undefined ? new Uint8Array(0) : encoder.encode(JSON.stringify(body));
  }
  return undefined;
}

/** What {@link pipeBody} calls as the body streams in. */
interface BodySink {
  /** A chunk; return `false` to pause the stream. */
  chunk(bytes: Uint8Array): boolean;
  end(): void;
  /** An error, or a connection closed before the end of the body. */
  fail(error: unknown): void;
}

/**
 * The one reader of a Node request stream: feeds `sink` until the end, an error or the
 * connection closing. Returns `stop`, which detaches the listeners.
 */
function pipeBody(request: NodeRequestLike, sink: BodySink): () => void {
  const onData = (chunk: Uint8Array | string): void => {
    if (!sink.chunk(asBytes(chunk))) request.pause();
  };
  const onEnd = (): void => {
    stop();
    sink.end();
  };
  const onFailure = (error?: unknown): void => {
    stop();
    sink.fail(error);
  };
  const stop = (): void => {
    request.removeListener('data', onData);
    request.removeListener('end', onEnd);
    request.removeListener('error', onFailure);
    request.removeListener('close', onFailure);
  };
  request.on('data', onData);
  request.on('end', onEnd);
  request.on('error', onFailure);
  request.on('close', onFailure);
  request.resume();
  return stop;
}

/**
 * Reads a Node request body, at most `limit` bytes: refused at once when `Content-Length` says
 * more, and while reading otherwise (chunked bodies, lying clients): reading stops (the stream
 * is paused) as soon as it goes over.
 */
function readNodeBody(request: NodeRequestLike, limit: number): Promise<BodyRead> {
  const already = preReadBody(request);
  if (already !== undefined) {
    return Promise.resolve(
      already.byteLength > limit ? { kind: 'too-large' } : { kind: 'ok', bytes: already },
    );
  }
  const declared = request.headers['content-length'];
  if (typeof declared === 'string' && /^\d+$/.test(declared) && Number(declared) > limit) {
    return Promise.resolve({ kind: 'too-large' });
  }
  return new Promise((resolve) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    const stop = pipeBody(request, {
      chunk: (bytes) => {
        size += bytes.byteLength;
        if (size <= limit) {
          chunks.push(bytes);
          return true;
        }
        stop();
        resolve({ kind: 'too-large' });
        return false;
      },
      end: () => resolve({ kind: 'ok', bytes: joinChunks(chunks, size) }),
      fail: () => resolve({ kind: 'unreadable' }),
    });
  });
}

/** A header's value (name in lower case), repeated headers joined with ", "; `null` when absent. */
function headerOf(request: NodeRequestLike, name: string): string | null {
  const value = request.headers[name];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Runs a webhook handler's core straight on Node's request and response. */
async function serveCore(
  core: WebhookCore,
  request: NodeRequestLike,
  response: NodeResponseLike,
): Promise<void> {
  let bodyRead = false;
  const answer = await core({
    method: (request.method ?? 'GET').toUpperCase(),
    header: (name) => headerOf(request, name),
    read: async (limit) => {
      const read = await readNodeBody(request, limit);
      bodyRead = read.kind === 'ok';
      return read;
    },
    // Node reads and drops an unread body itself once the answer is sent.
    discard: async () => undefined,
  });
  if (response.headersSent === true) return;
  response.statusCode = answer.status;
  for (const [name, value] of Object.entries(answer.headers)) response.setHeader(name, value);
  // Answered without reading the body (401, 405, 503…): close the connection rather than let
  // the client trickle a body Node would read to its end, holding the socket.
  if (!bodyRead && request.complete !== true && request.readableEnded !== true) {
    response.setHeader('connection', 'close');
  }
  response.end(answer.body);
}

const WITHOUT_BODY = new Set(['GET', 'HEAD']);

function headersOf(request: NodeRequestLike): Headers {
  const headers = new Headers();
  for (const name of Object.keys(request.headers)) {
    // HTTP/2 pseudo-headers (":method") are not headers of the Fetch API.
    if (name.startsWith(':')) continue;
    const value = headerOf(request, name);
    if (value !== null) headers.set(name, value);
  }
  return headers;
}

function urlOf(request: NodeRequestLike, headers: Headers): string {
  const path = request.url ?? '/';
  try {
    return new URL(path, `http://${headers.get('host') ?? 'localhost'}`).href;
  } catch {
    return new URL(path.startsWith('/') ? path : '/', 'http://localhost').href;
  }
}

/** The request body for a `Request`: what a middleware read, or the stream with backpressure. */
function bodyOf(request: NodeRequestLike): BodyInit | null {
  if (WITHOUT_BODY.has((request.method ?? 'GET').toUpperCase())) return null;
  const already = preReadBody(request);
  if (already !== undefined) return already as Uint8Array<ArrayBuffer>;
  let stop = (): void => undefined;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      stop = pipeBody(request, {
        chunk: (bytes) => {
          controller.enqueue(bytes);
          return (controller.desiredSize ?? 1) > 0;
        },
        end: () => controller.close(),
        fail: (error) => controller.error(error ?? new Error('the connection closed')),
      });
    },
    pull() {
      request.resume();
    },
    cancel() {
      // Stop reading; the 413 answer carries `Connection: close`, so Node drops the rest.
      stop();
      request.pause();
    },
  });
}

/**
 * Adapts a Fetch-API handler (such as the one {@link createWebhookHandler} returns) to Node's
 * `http.createServer` and to Express: it builds a `Request` from Node's request (the body
 * streamed, so the handler's size limit applies while reading) and writes the `Response` back.
 *
 * With Express, mount it before any body parser, or after `express.raw({ type: 'application/json' })`
 * (a body already parsed by `express.json()` is serialised again, which works, but then the
 * parser's own limit applies first).
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import express from 'express';
 *
 * createServer(toNodeListener(handler)).listen(8787);
 * // or
 * const app = express();
 * app.post('/regal', toNodeListener(handler));
 * ```
 */
export function toNodeListener(
  handler: (request: Request) => Promise<Response>,
): (request: NodeRequestLike, response: NodeResponseLike) => Promise<void> {
  const core = (handler as { [WEBHOOK_CORE]?: WebhookCore })[WEBHOOK_CORE];
  // A handler from createWebhookHandler: same behaviour, without a Request and a Response per
  // webhook (they cost Node more than everything else the bridge does with a webhook).
  if (core !== undefined) return (request, response) => serveCore(core, request, response);
  return async (request, response) => {
    let answer: Response;
    try {
      const headers = headersOf(request);
      const body = bodyOf(request);
      const init: RequestInit & { duplex?: 'half' } = {
        method: request.method ?? 'GET',
        headers,
        body,
      };
      if (body instanceof ReadableStream) init.duplex = 'half';
      answer = await handler(new Request(urlOf(request, headers), init));
    } catch {
      answer = new Response('{"error":"internal_error","message":"unexpected error"}', {
        status: 500,
        headers: { 'content-type': 'application/json; charset=utf-8' },
      });
    }
    if (response.headersSent === true) return;
    response.statusCode = answer.status;
    answer.headers.forEach((value, name) => {
      response.setHeader(name, value);
    });
    response.end(new Uint8Array(await answer.arrayBuffer()));
  };
}
