// toNodeListener: Node's request and response to and from the Fetch API, over a real socket,
// and with bodies already read by an Express-style middleware.
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createWebhookHandler,
  toNodeListener,
  type NodeRequestLike,
  type NodeResponseLike,
} from '../../src/index.js';

let server: Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => {
    server?.closeAllConnections();
    if (server === undefined) resolve();
    else server.close(() => resolve());
  });
  server = undefined;
});

async function listen(handler: (request: Request) => Promise<Response>): Promise<string> {
  server = createServer(toNodeListener(handler));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** What a handler saw of a request. */
interface Seen {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

const echo = (seen: Seen[]) => async (request: Request) => {
  seen.push({
    method: request.method,
    url: request.url,
    headers: Object.fromEntries(request.headers),
    body: await request.text(),
  });
  return new Response('{"ok":true}', {
    status: 202,
    headers: { 'content-type': 'application/json', 'x-answer': 'yes' },
  });
};

/** Stream methods of a fake request whose body was read already. */
const STREAM_STUBS = {
  on: () => undefined,
  removeListener: () => undefined,
  pause: () => undefined,
  resume: () => undefined,
};

/** A fake Node response that records what the listener wrote. */
function fakeResponse() {
  const written = { status: 0, headers: {} as Record<string, string | string[]>, body: '' };
  const response: NodeResponseLike = {
    statusCode: 200,
    setHeader: (name, value) => void (written.headers[name] = value),
    end: (chunk) => {
      written.status = response.statusCode;
      written.body = typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk);
    },
  };
  return { response, written };
}

describe('toNodeListener', () => {
  it('passes method, path, headers and body through a real socket, and the answer back', async () => {
    const seen: Seen[] = [];
    const url = await listen(echo(seen));
    const response = await fetch(`${url}/regal?source=test`, {
      method: 'POST',
      headers: { authorization: 'Bearer s', 'x-custom': 'a' },
      body: '{"name":"sms.sent"}',
    });
    expect(response.status).toBe(202);
    expect(response.headers.get('x-answer')).toBe('yes');
    expect(await response.text()).toBe('{"ok":true}');
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: `${url}/regal?source=test`,
      headers: { authorization: 'Bearer s', 'x-custom': 'a' },
      body: '{"name":"sms.sent"}',
    });
  });

  it('streams a chunked body of several chunks', async () => {
    const seen: Seen[] = [];
    const url = await listen(echo(seen));
    const { port } = new URL(url);
    await new Promise<void>((resolve, reject) => {
      const outgoing = httpRequest(
        { host: '127.0.0.1', port, method: 'POST', path: '/' },
        (answer) => {
          answer.resume();
          answer.on('end', resolve);
        },
      );
      outgoing.on('error', reject);
      for (let i = 0; i < 5; i++) outgoing.write(`chunk-${i};`);
      outgoing.end();
    });
    expect(seen[0]?.body).toBe('chunk-0;chunk-1;chunk-2;chunk-3;chunk-4;');
  });

  it('413 over a real socket: answered before the upload ends, connection closed', async () => {
    const bridge = createWebhookHandler({
      secret: 's3cret-0123456789',
      braze: { apiKey: 'test-api-key', restEndpoint: 'http://127.0.0.1:9' },
      maxBodyBytes: 10_000,
    });
    const url = await listen(bridge);
    const { port } = new URL(url);
    let written = 0;
    const { status, connection } = await new Promise<{ status: number; connection: string }>(
      (resolve, reject) => {
        const outgoing = httpRequest(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/',
            headers: { authorization: 's3cret-0123456789' },
          },
          (answer) => {
            answer.resume();
            resolve({
              status: answer.statusCode ?? 0,
              connection: answer.headers.connection ?? '',
            });
          },
        );
        outgoing.on('error', () => undefined); // the server may close mid-upload
        const chunk = Buffer.alloc(4_096, 0x20);
        const pump = () => {
          // Offer up to 8 MB; the answer should come long before.
          while (written < 8_000_000 && outgoing.write(chunk)) written += chunk.length;
          if (written < 8_000_000) outgoing.once('drain', pump);
          else outgoing.end();
        };
        pump();
        setTimeout(() => reject(new Error('no answer')), 5_000);
      },
    );
    expect(status).toBe(413);
    expect(connection).toBe('close');
    expect(written).toBeLessThan(8_000_000);
    await bridge.close();
  });

  it('a GET has no body', async () => {
    const seen: Seen[] = [];
    const url = await listen(echo(seen));
    await (await fetch(url)).text();
    expect(seen[0]).toMatchObject({ method: 'GET', body: '' });
  });

  it('uses a body a middleware already read (express.raw / express.text)', async () => {
    const seen: Seen[] = [];
    const { response, written } = fakeResponse();
    const request: NodeRequestLike = {
      method: 'POST',
      url: '/regal',
      headers: { host: 'bridge.example.com', 'content-type': 'application/json' },
      body: new TextEncoder().encode('{"raw":true}'),
      readableEnded: true,
      ...STREAM_STUBS,
    };
    await toNodeListener(echo(seen))(request, response);
    expect(seen[0]).toMatchObject({ url: 'http://bridge.example.com/regal', body: '{"raw":true}' });
    expect(written).toMatchObject({ status: 202, body: '{"ok":true}' });
  });

  it('serialises again a body express.json() already parsed', async () => {
    const seen: Seen[] = [];
    const { response } = fakeResponse();
    await toNodeListener(echo(seen))(
      {
        method: 'POST',
        url: '/',
        headers: {},
        body: { name: 'sms.sent' },
        readableEnded: true,
        ...STREAM_STUBS,
      },
      response,
    );
    expect(seen[0]?.body).toBe('{"name":"sms.sent"}');
  });

  it('a handler that throws gives a 500 without details', async () => {
    const { response, written } = fakeResponse();
    await toNodeListener(async () => {
      throw new Error('secret detail');
    })(
      {
        method: 'GET',
        url: '/',
        headers: {},
        ...STREAM_STUBS,
      },
      response,
    );
    expect(written.status).toBe(500);
    expect(written.body).toBe('{"error":"internal_error","message":"unexpected error"}');
  });

  it('an invalid Host header falls back to localhost', async () => {
    const seen: Seen[] = [];
    const { response } = fakeResponse();
    await toNodeListener(echo(seen))(
      {
        method: 'GET',
        url: '/x',
        headers: { host: 'bad host' },
        ...STREAM_STUBS,
      },
      response,
    );
    expect(seen[0]?.url).toBe('http://localhost/x');
  });
});
