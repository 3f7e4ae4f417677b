// The custom-fetch contract: one call per attempt with a ready Request (URL, method, headers,
// body, signal) and an init holding the same body as text; a wrapper passing both on, or only
// the Request, sends the same bytes; the request's signal is what the timeout aborts.
import { afterEach, describe, expect, it } from 'vitest';
import { TimeoutError } from '../../src/errors/index.js';
import { HttpClient } from '../../src/http/http-client.js';
import type { FetchLike } from '../../src/http/request-options.js';
import { startLocalServer, type LocalServer } from '../support/local-server.js';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function client(baseUrl: string, fetch: FetchLike, timeout = 5_000): HttpClient {
  return new HttpClient({
    service: 'braze',
    baseUrl,
    authorization: 'Bearer custom-fetch-key',
    userAgent: 'regal-braze/test',
    timeout,
    maxRetries: 1,
    fetch,
    sleep: async () => {},
  });
}

const JSON_BODY = { events: [{ external_id: 'u-1', name: 'Signed Up', note: 'wörld' }] };
const TEXT = JSON.stringify(JSON_BODY);

describe('a custom fetch', () => {
  it('gets a ready Request and the same body as text in init, once per attempt', async () => {
    server = await startLocalServer((arrival, response) => {
      response.writeHead(server!.arrivals.length === 1 ? 503 : 201, {
        'content-type': 'application/json',
      });
      response.end('{"message":"success"}');
    });
    const seen: { request: Request; init: RequestInit | undefined; text: string }[] = [];
    const fetchSpy: FetchLike = async (request, init) => {
      seen.push({ request, init, text: await request.clone().text() });
      return fetch(request, init);
    };
    const answer = await client(`${server.url}/api`, fetchSpy).post('users/track', JSON_BODY);

    expect(answer).toMatchObject({ status: 201, attempts: 2 });
    expect(seen).toHaveLength(2);
    for (const { request, init, text } of seen) {
      expect(request).toBeInstanceOf(Request);
      expect(request.method).toBe('POST');
      expect(request.url).toBe(`${server.url}/api/users/track`);
      expect(request.redirect).toBe('manual');
      expect(Object.fromEntries(request.headers)).toEqual({
        accept: 'application/json',
        authorization: 'Bearer custom-fetch-key',
        'content-type': 'application/json',
        'user-agent': 'regal-braze/test',
      });
      expect(text).toBe(TEXT);
      expect(init).toEqual({ body: TEXT });
    }
    expect(server.arrivals.map((arrival) => arrival.body)).toEqual([TEXT, TEXT]);
  });

  it('that passes on only the Request sends the same bytes', async () => {
    server = await startLocalServer();
    const answer = await client(server.url, (request) => fetch(request)).post(
      'users/track',
      JSON_BODY,
    );
    expect(answer.status).toBe(200);
    expect(
      server.arrivals.map((arrival) => [arrival.body, arrival.headers['content-type']]),
    ).toEqual([[TEXT, 'application/json']]);
  });

  it("sees the request's signal aborted when the attempt times out", async () => {
    const signals: AbortSignal[] = [];
    const hanging: FetchLike = (request) => {
      signals.push(request.signal);
      return new Promise((_resolve, reject) =>
        request.signal.addEventListener('abort', () => reject(request.signal.reason), {
          once: true,
        }),
      );
    };
    const error = await client('http://127.0.0.1:9', hanging, 50)
      .post('users/track', JSON_BODY)
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ attempts: 2 });
    expect(signals).toHaveLength(2);
    expect(signals.every((signal) => signal.aborted)).toBe(true);
  });
});
