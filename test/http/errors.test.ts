// What HttpClient rejects with: the typed error for each outcome, with what it carries.
import { delay, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  ConnectionError,
  RateLimitError,
  RequestAbortedError,
  TimeoutError,
} from '../../src/errors/index.js';
import { HttpClient, type HttpClientOptions } from '../../src/http/http-client.js';
import { recordPosts, useMsw } from '../support/msw.js';

const server = useMsw();
const BASE = 'https://api.example.test';

function client(overrides: Partial<HttpClientOptions> = {}) {
  return new HttpClient({
    service: 'regal',
    baseUrl: BASE,
    authorization: 'test-secret-key',
    userAgent: 'test-agent',
    timeout: 5_000,
    maxRetries: 0,
    sleep: async () => {},
    ...overrides,
  });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('HttpClient answers', () => {
  it('resolves with the parsed JSON body, status and headers', async () => {
    recordPosts(server, `${BASE}/events`, () =>
      HttpResponse.json({ message: 'ok' }, { status: 202, headers: { 'x-request-id': 'req-1' } }),
    );
    const response = await client().post('/events', {});
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ message: 'ok' });
    expect(response.headers.get('x-request-id')).toBe('req-1');
  });

  it('keeps a non-JSON body as text', async () => {
    recordPosts(server, `${BASE}/events`, () => new HttpResponse('accepted', { status: 200 }));
    await expect(client().post('events', {})).resolves.toMatchObject({ body: 'accepted' });
  });

  it('keeps a body that claims JSON but is not as text', async () => {
    recordPosts(
      server,
      `${BASE}/events`,
      () =>
        new HttpResponse('{broken', {
          status: 500,
          headers: { 'content-type': 'application/json' },
        }),
    );
    await expect(client().post('events', {})).rejects.toMatchObject({ body: '{broken' });
  });
});

describe('HttpClient errors', () => {
  it('maps each final status to its class with status, service, body, headers, requestId, attempts', async () => {
    const cases: [number, new (...args: never[]) => ApiError][] = [
      [400, ApiError],
      [401, AuthenticationError],
      [403, AuthenticationError],
      [404, ApiError],
      [429, RateLimitError],
      [500, ApiError],
      [503, ApiError],
    ];
    for (const [status, type] of cases) {
      server.resetHandlers();
      recordPosts(server, `${BASE}/events`, () =>
        HttpResponse.json(
          { message: `nope ${status}` },
          { status, headers: { 'x-amzn-requestid': `amzn-${status}` } },
        ),
      );
      const error = await rejection(client().post('events', {}));
      expect(error).toBeInstanceOf(type);
      expect(error).toMatchObject({
        status,
        service: 'regal',
        body: { message: `nope ${status}` },
        requestId: `amzn-${status}`,
        attempts: 1,
      });
      expect((error as ApiError).headers['content-type']).toBe('application/json');
    }
  });

  it('ApiError messages name the API, the status and the answer', async () => {
    recordPosts(server, `${BASE}/events`, () =>
      HttpResponse.json({ message: 'traits must be an object' }, { status: 400 }),
    );
    const error = await rejection(client().post('events', {}));
    expect((error as Error).message).toBe('Regal API answered 400: traits must be an object');
  });

  it('an attempt longer than timeout is a TimeoutError (after the retries allowed)', async () => {
    const requests = recordPosts(server, `${BASE}/events`, async () => {
      await delay(1_000);
      return HttpResponse.json({ message: 'ok' });
    });
    const error = await rejection(client({ timeout: 50, maxRetries: 1 }).post('events', {}));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ service: 'regal', timeoutMs: 50, attempts: 2 });
    expect((error as Error).message).toBe('Regal API did not answer within 50 ms (2 attempt(s))');
    expect(requests).toHaveLength(2);
  });

  it('per-call timeout overrides the client default', async () => {
    recordPosts(server, `${BASE}/events`, async () => {
      await delay(1_000);
      return HttpResponse.json({ message: 'ok' });
    });
    await expect(client().post('events', {}, { timeout: 30 })).rejects.toMatchObject({
      name: 'TimeoutError',
      timeoutMs: 30,
    });
  });

  it('a failing fetch is a ConnectionError whose cause keeps only name, message and code', async () => {
    const failure = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      request: { headers: { authorization: 'test-secret-key' } },
    });
    const error = await rejection(
      client({
        fetch: async () => {
          throw failure;
        },
        maxRetries: 1,
      }).post('events', {}),
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ service: 'regal', attempts: 2 });
    expect((error as Error).message).toBe(
      `Could not reach the Regal API at ${BASE}/events (fetch failed: ECONNREFUSED) after 2 attempt(s)`,
    );
    const cause = (error as Error).cause as Error & { code?: string };
    expect(cause).not.toBe(failure);
    expect(Object.keys(cause)).toEqual(['name']);
    expect(cause).not.toHaveProperty('request');
    expect(cause.message).toBe('fetch failed');
    expect((cause.cause as { code?: string }).code).toBe('ECONNREFUSED');
  });
});

describe('HttpClient aborts', () => {
  it('an already aborted signal sends nothing', async () => {
    const requests = recordPosts(server, `${BASE}/events`);
    const error = await rejection(
      client().post('events', {}, { signal: AbortSignal.abort('why') }),
    );
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect((error as Error).cause).toBe('why');
    expect(requests).toHaveLength(0);
  });

  it('aborting during an attempt rejects at once, without retry', async () => {
    const requests = recordPosts(server, `${BASE}/events`, async () => {
      await delay(5_000);
      return HttpResponse.json({});
    });
    const controller = new AbortController();
    const pending = client({ maxRetries: 3 }).post('events', {}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(RequestAbortedError);
    await expect(pending).rejects.toMatchObject({ phase: 'in-flight', attempts: 1 });
    expect(requests).toHaveLength(1);
  });

  it('aborting while waiting to retry stops the retries', async () => {
    const requests = recordPosts(server, `${BASE}/events`, () =>
      HttpResponse.json({}, { status: 503 }),
    );
    const controller = new AbortController();
    const http = new HttpClient({
      service: 'regal',
      baseUrl: BASE,
      authorization: 'test-api-key',
      userAgent: 'a',
      timeout: 5_000,
      maxRetries: 3,
    });
    const pending = http.post('events', {}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toBeInstanceOf(RequestAbortedError);
    await expect(pending).rejects.toMatchObject({ phase: 'backoff', attempts: 1 });
    expect(requests).toHaveLength(1);
  });

  it('aborting while waiting for a pacing slot sends nothing more', async () => {
    const requests = recordPosts(server, `${BASE}/events`);
    const http = client({ maxRequestsPerSecond: 1 });
    await http.post('events', {});
    const controller = new AbortController();
    const pending = http.post('events', {}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(RequestAbortedError);
    await expect(pending).rejects.toMatchObject({ phase: 'waiting', attempts: 0 });
    expect(requests).toHaveLength(1);
  });
});
