// A real HTTP server on 127.0.0.1 for tests that must cross a socket (pacing, connection errors,
// the CJS smoke test's sibling checks). Records arrivals; the handler decides the answer.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the server received. */
export interface Arrival {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** `performance.now()` when the server's `request` event fired (headers read). */
  receivedAt: number;
}

/** A running local server. */
export interface LocalServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  arrivals: Arrival[];
  close(): Promise<void>;
}

/** Handles one request; the default answers `200 {"message":"ok"}`. */
export type Handler = (arrival: Arrival, response: ServerResponse) => void;

const answerOk: Handler = (_arrival, response) => {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end('{"message":"ok"}');
};

/** Starts a server on 127.0.0.1, on a free port. */
export async function startLocalServer(handler: Handler = answerOk): Promise<LocalServer> {
  const arrivals: Arrival[] = [];
  const server: Server = createServer((request, response) => {
    const receivedAt = performance.now();
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const arrival = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body,
        receivedAt,
      };
      arrivals.push(arrival);
      handler(arrival, response);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    arrivals,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 where nothing listens (connections are refused). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
