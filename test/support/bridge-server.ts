// Runs a webhook handler behind a real HTTP server on 127.0.0.1 (toNodeListener), as `serve` does.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createWebhookHandler,
  toNodeListener,
  type WebhookHandler,
  type WebhookHandlerOptions,
} from '../../src/index.js';

/** The secret the bridge tests configure. */
export const SECRET = 'whsec-test-5f1d0c2a9b';

/** A running bridge. */
export interface BridgeServer {
  readonly url: string;
  readonly handler: WebhookHandler;
  /** POSTs one event (as JSON) with the secret. */
  post(event: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export async function startBridge(options: WebhookHandlerOptions): Promise<BridgeServer> {
  const handler = createWebhookHandler({ secret: SECRET, ...options });
  const server: Server = createServer(toNodeListener(handler));
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    handler,
    post: (event, headers = {}) =>
      fetch(url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${SECRET}`,
          'content-type': 'application/json',
          ...headers,
        },
        body: typeof event === 'string' ? event : JSON.stringify(event),
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A webhook POST as Regal sends it (JSON, the secret as a bearer token), for direct handler calls. */
export function webhookRequest(
  event: unknown,
  { headers = {}, method = 'POST' }: { headers?: Record<string, string>; method?: string } = {},
): Request {
  return new Request('http://bridge.test/regal', {
    method,
    headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json', ...headers },
    body:
      method === 'GET' || method === 'HEAD'
        ? null
        : typeof event === 'string'
          ? event
          : JSON.stringify(event),
  });
}
