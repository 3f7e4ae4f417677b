// toNodeListener runs a createWebhookHandler handler's core straight on Node's request and
// response. It must answer exactly as the Fetch-API handler does: same statuses, headers and
// bodies for every case, over a real socket.
import { request as httpRequest } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createWebhookHandler,
  toNodeListener,
  type NodeRequestLike,
  type NodeResponseLike,
  type WebhookHandler,
  type WebhookHandlerOptions,
} from '../../src/index.js';
import { startMockBraze, type MockBraze } from '../support/mock-braze.js';
import { SECRET, startBridge, type BridgeServer } from '../support/bridge-server.js';
import { fixture } from '../support/fixtures.js';
import { regalEvent, TRANSFORM } from '../support/regal-events.js';

let braze: MockBraze;
let bridge: BridgeServer | undefined;
let fetchHandler: WebhookHandler | undefined;
let OPTIONS: WebhookHandlerOptions;

beforeEach(async () => {
  braze = await startMockBraze();
  OPTIONS = {
    braze: { apiKey: 'test-api-key', restEndpoint: braze.url },
    transform: TRANSFORM,
    maxBodyBytes: 4_096,
  };
});

afterEach(async () => {
  await bridge?.handler.close();
  await bridge?.close();
  await fetchHandler?.close();
  await braze.close();
  bridge = fetchHandler = undefined;
});

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Headers the bridge sets (Node adds date, connection, keep-alive, content-length…). */
function bridgeHeaders(headers: Headers | Record<string, string | string[] | undefined>) {
  const entries = headers instanceof Headers ? [...headers] : Object.entries(headers);
  return Object.fromEntries(
    entries.filter(([name]) =>
      ['content-type', 'allow', 'www-authenticate', 'retry-after'].includes(name),
    ),
  ) as Record<string, string>;
}

/** Sends a raw request over a socket (so that Content-Length can lie, or be absent). */
function raw(
  url: string,
  method: string,
  headers: Record<string, string>,
  chunks: string[],
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const { port } = new URL(url);
    const outgoing = httpRequest(
      { host: '127.0.0.1', port, path: '/', method, headers },
      (answer) => {
        let body = '';
        answer.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        answer.on('end', () =>
          resolve({ status: answer.statusCode ?? 0, headers: bridgeHeaders(answer.headers), body }),
        );
      },
    );
    outgoing.on('error', reject);
    for (const chunk of chunks) outgoing.write(chunk);
    outgoing.end();
  });
}

async function viaFetchApi(method: string, headers: Record<string, string>, chunks: string[]) {
  fetchHandler ??= createWebhookHandler({ secret: SECRET, ...OPTIONS });
  const body = method === 'GET' ? null : chunks.join('');
  const response = await fetchHandler(
    new Request('http://bridge.test/', { method, headers, body }),
  );
  return {
    status: response.status,
    headers: bridgeHeaders(response.headers),
    body: await response.text(),
  };
}

const auth = { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json' };
const event = JSON.stringify(regalEvent(1));

describe('toNodeListener fast path answers as the Fetch-API handler does', () => {
  it.each<[string, string, Record<string, string>, string[]]>([
    ['a valid event', 'POST', auth, [event]],
    ['a valid event in several chunks', 'POST', auth, [event.slice(0, 50), event.slice(50)]],
    [
      'an event about no contact',
      'POST',
      auth,
      [JSON.stringify(fixture('agent.activity.updated'))],
    ],
    ['a wrong secret', 'POST', { authorization: 'Bearer nope' }, [event]],
    ['the secret raw', 'POST', { authorization: SECRET }, [event]],
    ['GET', 'GET', auth, []],
    ['bad JSON', 'POST', auth, ['{"name":']],
    ['not UTF-8', 'POST', auth, ['\u00ff']],
    ['an invalid event', 'POST', auth, [JSON.stringify({ name: 'sms.sent', properties: {} })]],
    ['a JSON array', 'POST', auth, ['[1,2]']],
    ['a body over the limit', 'POST', auth, ['x'.repeat(5_000)]],
  ])('%s', async (_label, method, headers, chunks) => {
    bridge = await startBridge(OPTIONS);
    const body = method === 'GET' ? [] : chunks;
    const node = await raw(bridge.url, method, headers, body);
    const fetchApi = await viaFetchApi(method, headers, body);
    expect(node).toEqual(fetchApi);
  });

  it('not UTF-8 (raw bytes) is a 400 on both', async () => {
    bridge = await startBridge(OPTIONS);
    const bad = Buffer.from([0x7b, 0xff, 0x7d]);
    const node = await new Promise<number>((resolve) => {
      const outgoing = httpRequest(
        { host: '127.0.0.1', port: new URL(bridge!.url).port, method: 'POST', headers: auth },
        (answer) => {
          answer.resume();
          resolve(answer.statusCode ?? 0);
        },
      );
      outgoing.end(bad);
    });
    expect(node).toBe(400);
  });

  it('a chunked body over the limit, without Content-Length: 413, reading stopped', async () => {
    bridge = await startBridge(OPTIONS);
    const chunks = Array.from({ length: 10 }, () => 'y'.repeat(1_000));
    const answer = await raw(
      bridge.url,
      'POST',
      { ...auth, 'transfer-encoding': 'chunked' },
      chunks,
    );
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual({
      error: 'payload_too_large',
      message: 'the body is over 4096 bytes',
    });
  });

  it('delivers what it accepts, and recognises a duplicate', async () => {
    bridge = await startBridge(OPTIONS);
    expect((await raw(bridge.url, 'POST', auth, [event])).body).toBe('{"status":"queued"}');
    expect((await raw(bridge.url, 'POST', auth, [event])).body).toBe('{"status":"duplicate"}');
    await bridge.handler.flush();
    expect(braze.requests).toHaveLength(1);
  });
});

describe('toNodeListener fast path with a body a middleware read', () => {
  function fakeRequest(body: unknown, headers: Record<string, string> = auth): NodeRequestLike {
    return {
      method: 'POST',
      url: '/regal',
      headers,
      body,
      readableEnded: true,
      on: () => undefined,
      removeListener: () => undefined,
      pause: () => undefined,
      resume: () => undefined,
    };
  }

  function fakeResponse() {
    const written = { status: 0, headers: {} as Record<string, unknown>, body: '' };
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

  it.each([
    ['a Buffer (express.raw)', Buffer.from(event)],
    ['a string (express.text)', event],
    ['an object (express.json)', JSON.parse(event) as unknown],
  ])('%s', async (_label, body) => {
    const handler = createWebhookHandler({ secret: SECRET, ...OPTIONS });
    const { response, written } = fakeResponse();
    await toNodeListener(handler)(fakeRequest(body), response);
    expect(written).toMatchObject({ status: 202, body: '{"status":"queued"}' });
    await handler.flush();
    expect(braze.requests).toHaveLength(1);
    await handler.close();
  });

  it('the size limit applies to a body read before', async () => {
    const handler = createWebhookHandler({ secret: SECRET, ...OPTIONS });
    const { response, written } = fakeResponse();
    await toNodeListener(handler)(fakeRequest('x'.repeat(5_000)), response);
    expect(written.status).toBe(413);
    await handler.close();
  });
});
