// The API key appears in no error (message, String, util.inspect, JSON), no log line, and not in
// util.inspect of the client itself, for every error type the client can throw.
import { inspect } from 'node:util';
import { delay, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  ConnectionError,
  RateLimitError,
  RegalClient,
  RequestAbortedError,
  TimeoutError,
  ValidationError,
  type RegalClientOptions,
} from '../../src/index.js';
import { recordPosts, useMsw } from '../support/msw.js';

const server = useMsw();
const URL = 'https://events.regalvoice.com/events';
const KEY = 'sk_live_REDACTME_7f3a9c';
const EVENT = { userId: 'u-1', name: 'Signed Up' };

const logLines: string[] = [];
const logger = Object.fromEntries(
  (['debug', 'info', 'warn', 'error'] as const).map((level) => [
    level,
    (message: string, fields?: unknown) =>
      logLines.push(`${level} ${message} ${inspect(fields, { depth: 10 })}`),
  ]),
);

function regal(options: RegalClientOptions = {}) {
  return new RegalClient({ apiKey: KEY, logger, maxRetries: 1, ...options });
}

function expectNoKey(error: unknown): void {
  expect(error).toBeInstanceOf(Error);
  const renderings = {
    message: (error as Error).message,
    string: String(error),
    inspect: inspect(error, { depth: 10, showHidden: true }),
    json: JSON.stringify(error),
    stack: (error as Error).stack ?? '',
  };
  for (const [how, text] of Object.entries(renderings)) {
    expect(text, how).not.toContain(KEY);
  }
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

/** An answer that echoes the key back, in the body and in a header, as a careless API might. */
const echo = (status: number) => () =>
  HttpResponse.json(
    { message: `bad key ${KEY}`, received: { authorization: KEY } },
    { status, headers: { 'retry-after': '0', 'x-echo': KEY } },
  );

describe('the API key never leaks', () => {
  it.each<[string, number, new (...args: never[]) => Error]>([
    ['ApiError', 400, ApiError],
    ['AuthenticationError', 401, AuthenticationError],
    ['RateLimitError', 429, RateLimitError],
    ['ApiError (5xx after retries)', 503, ApiError],
  ])('%s, even when the API echoes the key', async (_label, status, type) => {
    recordPosts(server, URL, echo(status));
    const error = await caught(regal().trackEvent(EVENT));
    expect(error).toBeInstanceOf(type);
    expectNoKey(error);
    expect((error as ApiError).body).toEqual({
      message: 'bad key [redacted]',
      received: { authorization: '[redacted]' },
    });
    expect((error as ApiError).headers['x-echo']).toBe('[redacted]');
  });

  it('TimeoutError', async () => {
    recordPosts(server, URL, async () => {
      await delay(2_000);
      return HttpResponse.json({});
    });
    const error = await caught(regal({ timeout: 20, maxRetries: 0 }).trackEvent(EVENT));
    expect(error).toBeInstanceOf(TimeoutError);
    expectNoKey(error);
  });

  it('ConnectionError (network failure)', async () => {
    server.use(
      // msw: the request fails as a network error would.
      (await import('msw')).http.post(URL, () => HttpResponse.error()),
    );
    const error = await caught(regal({ maxRetries: 0 }).trackEvent(EVENT));
    expect(error).toBeInstanceOf(ConnectionError);
    expectNoKey(error);
  });

  it('ConnectionError from a custom fetch whose error carries the request and the key', async () => {
    const error = await caught(
      regal({
        maxRetries: 0,
        fetch: async (request) => {
          throw Object.assign(new Error(`proxy refused ${request.headers.get('authorization')}`), {
            request,
            headers: Object.fromEntries(request.headers),
          });
        },
      }).trackEvent(EVENT),
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expectNoKey(error);
    expect(((error as Error).cause as Error).message).toBe('proxy refused [redacted]');
  });

  it('RequestAbortedError', async () => {
    recordPosts(server, URL, async () => {
      await delay(2_000);
      return HttpResponse.json({});
    });
    const controller = new AbortController();
    const pending = regal().trackEvent(EVENT, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const error = await caught(pending);
    expect(error).toBeInstanceOf(RequestAbortedError);
    expectNoKey(error);
  });

  it('ValidationError (input)', async () => {
    const error = await caught(regal().trackEvent({ userId: KEY.slice(0, 4), name: '' }));
    expect(error).toBeInstanceOf(ValidationError);
    expectNoKey(error);
  });

  it('ValidationError (a malformed key is never echoed)', () => {
    const bad = `${KEY}\n`;
    let error: unknown;
    try {
      new RegalClient({ apiKey: bad });
    } catch (caughtError) {
      error = caughtError;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expectNoKey(error);
  });

  it('the client itself: util.inspect and JSON show no key', () => {
    const client = regal();
    expect(inspect(client, { depth: 10, showHidden: true })).not.toContain(KEY);
    expect(JSON.stringify(client)).not.toContain(KEY);
  });

  it('no log line written during these tests holds the key', () => {
    expect(logLines.length).toBeGreaterThan(10);
    for (const line of logLines) expect(line).not.toContain(KEY);
  });
});
