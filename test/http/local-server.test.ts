// HttpClient against a real socket on 127.0.0.1: what the server receives, refused connections,
// and a body that never finishes (the timeout covers reading it).
import { afterEach, describe, expect, it } from 'vitest';
import {
  ApiError,
  ConnectionError,
  RequestAbortedError,
  TimeoutError,
} from '../../src/errors/index.js';
import { HttpClient } from '../../src/http/http-client.js';
import { closedPort, startLocalServer, type LocalServer } from '../support/local-server.js';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function client(baseUrl: string, overrides: { timeout?: number; maxRetries?: number } = {}) {
  return new HttpClient({
    service: 'regal',
    baseUrl,
    authorization: 'local-secret',
    userAgent: 'regal-braze/test',
    timeout: overrides.timeout ?? 5_000,
    maxRetries: overrides.maxRetries ?? 0,
    sleep: async () => {},
  });
}

describe('HttpClient over a real socket', () => {
  it('sends one POST with the JSON body and the headers', async () => {
    server = await startLocalServer();
    const response = await client(`${server.url}/base`).post('events', { hello: 'wörld' });
    expect(response).toMatchObject({ status: 200, body: { message: 'ok' }, attempts: 1 });
    expect(server.arrivals).toHaveLength(1);
    const [arrival] = server.arrivals;
    expect(arrival?.method).toBe('POST');
    expect(arrival?.url).toBe('/base/events');
    expect(arrival?.body).toBe('{"hello":"wörld"}');
    expect(arrival?.headers).toMatchObject({
      authorization: 'local-secret',
      'content-type': 'application/json',
      'user-agent': 'regal-braze/test',
    });
  });

  it('connection refused is a ConnectionError after the retries', async () => {
    const port = await closedPort();
    const error = await client(`http://127.0.0.1:${port}`, { maxRetries: 2 })
      .post('events', {})
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ service: 'regal', attempts: 3 });
    expect((error as Error).message).toBe(
      `Could not reach the Regal API at http://127.0.0.1:${port}/events (fetch failed: ECONNREFUSED) after 3 attempt(s)`,
    );
  });

  it('the timeout covers the body: headers then silence is a TimeoutError', async () => {
    server = await startLocalServer((_arrival, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"message":');
    });
    const error = await client(server.url, { timeout: 200 })
      .post('events', {})
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 200, attempts: 1 });
  });

  it('with the global fetch, a timeout and your signal abort the request on the wire', async () => {
    const closed: string[] = [];
    server = await startLocalServer((arrival, response) => {
      response.on('close', () => closed.push(arrival.url)); // never answered: closed by the client
    });
    const timedOut = await client(server.url, { timeout: 200 })
      .post('slow', {})
      .catch((caught: unknown) => caught);
    expect(timedOut).toBeInstanceOf(TimeoutError);

    const controller = new AbortController();
    const pending = client(server.url).post('aborted', {}, { signal: controller.signal });
    await expect.poll(() => server?.arrivals.length).toBe(2);
    controller.abort(new Error('caller gave up'));
    const aborted = await pending.catch((caught: unknown) => caught);
    expect(aborted).toBeInstanceOf(RequestAbortedError);
    expect(aborted).toMatchObject({ phase: 'in-flight', attempts: 1 });
    await expect.poll(() => closed).toEqual(['/slow', '/aborted']);
  });

  it('does not follow a redirect: a 302 is an ApiError, and nothing else is requested', async () => {
    server = await startLocalServer((arrival, response) => {
      if (arrival.url === '/users/track') response.writeHead(302, { location: '/login' }).end();
      else response.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>');
    });
    const error = await client(server.url)
      .post('users/track', {})
      .catch((caught: unknown) => caught);
    expect(server.arrivals.map((arrival) => `${arrival.method} ${arrival.url}`)).toEqual([
      'POST /users/track',
    ]);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(302);
  });
});
