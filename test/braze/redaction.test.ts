// The Braze API key appears in no error (message, String, util.inspect, JSON), no log line, and
// not in util.inspect of the client or of a track result, for every error type.
import { inspect } from 'node:util';
import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  BrazeClient,
  ConnectionError,
  RateLimitError,
  RequestAbortedError,
  TimeoutError,
  ValidationError,
  type BrazeClientOptions,
  type RegalBrazeError,
  type TrackResult,
} from '../../src/index.js';
import { recordPosts, useMsw } from '../support/msw.js';

const server = useMsw();
const URL = 'https://rest.iad-01.braze.com/users/track';
const KEY = 'braze-live-REDACTME-91c2e7';
const BODY = { events: [{ external_id: 'u-1', name: 'X', time: '2024-05-01T10:00:00Z' }] };

const logLines: string[] = [];
const logger = Object.fromEntries(
  (['debug', 'info', 'warn', 'error'] as const).map((level) => [
    level,
    (message: string, fields?: unknown) =>
      logLines.push(`${level} ${message} ${inspect(fields, { depth: 10 })}`),
  ]),
);

function braze(options: BrazeClientOptions = {}) {
  return new BrazeClient({ apiKey: KEY, restEndpoint: 'US-01', logger, maxRetries: 1, ...options });
}

function expectNoKey(value: unknown): void {
  const renderings = {
    string: String(value),
    inspect: inspect(value, { depth: 10, showHidden: true }),
    json: JSON.stringify(value) ?? '',
  };
  if (value instanceof Error)
    Object.assign(renderings, { message: value.message, stack: value.stack });
  for (const [how, text] of Object.entries(renderings)) expect(text, how).not.toContain(KEY);
}

function failure(result: TrackResult): RegalBrazeError {
  const error = result.errors[0];
  if (error?.status !== 'failed') throw new Error('expected a failed object');
  return error.error;
}

/** An answer that echoes the key back, in the body and in a header, as a careless API might. */
const echo = (status: number) => () =>
  HttpResponse.json(
    { message: `bad key ${KEY}`, received: { authorization: `Bearer ${KEY}` } },
    { status, headers: { 'retry-after': '0', 'x-echo': KEY } },
  );

describe('the Braze API key never leaks', () => {
  it.each<[string, number, new (...args: never[]) => Error]>([
    ['ApiError', 400, ApiError],
    ['AuthenticationError', 403, AuthenticationError],
    ['RateLimitError', 429, RateLimitError],
    ['ApiError (5xx after retries)', 502, ApiError],
  ])('%s, even when Braze echoes the key', async (_label, status, type) => {
    recordPosts(server, URL, echo(status));
    const result = await braze().track(BODY);
    const error = failure(result);
    expect(error).toBeInstanceOf(type);
    expectNoKey(error);
    expectNoKey(result);
    expect((error as ApiError).body).toEqual({
      message: 'bad key [redacted]',
      received: { authorization: '[redacted]' },
    });
    expect((error as ApiError).headers['x-echo']).toBe('[redacted]');
  });

  it('a partial success whose errors echo the key', async () => {
    recordPosts(server, URL, () =>
      HttpResponse.json(
        { message: 'success', errors: [{ type: `key ${KEY}`, input_array: 'events', index: 0 }] },
        { status: 201 },
      ),
    );
    const result = await braze().track(BODY);
    expect(result.errors[0]).toMatchObject({ status: 'rejected' });
    expectNoKey(result);
  });

  it('an x-request-id echoing the Authorization value: requestId masked like the headers', async () => {
    recordPosts(server, URL, () =>
      HttpResponse.json(
        { message: 'bad request' },
        { status: 400, headers: { 'x-request-id': `req-1 Bearer ${KEY}` } },
      ),
    );
    const result = await braze({ maxRetries: 0 }).track(BODY);
    const error = failure(result) as ApiError;
    expect(error.requestId).toBe('req-1 [redacted]');
    expect(error.headers['x-request-id']).toBe('req-1 [redacted]');
    expectNoKey(error);
    expectNoKey(result);
  });

  describe('a key with a quote and a backslash, echoed JSON-escaped', () => {
    const QUOTED = 'braze"live\\REDACTME-5d1f';
    const ESCAPED = JSON.stringify(QUOTED).slice(1, -1);
    const expectNeither = (text: string) => {
      expect(text).not.toContain(QUOTED);
      expect(text).not.toContain(ESCAPED);
    };

    it('in an errors[] entry that names no object (logged as JSON)', async () => {
      const lines: string[] = [];
      const warn = (message: string) => void lines.push(message);
      recordPosts(server, URL, () =>
        HttpResponse.json(
          { message: 'success', errors: [{ type: `key ${QUOTED}`, input_array: 'users' }] },
          { status: 201 },
        ),
      );
      const result = await braze({ apiKey: QUOTED, logger: { warn } }).track(BODY);
      expect(result.ok).toBe(true);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('(first: {"type":"key [redacted]","input_array":"users"})');
      for (const line of lines) expectNeither(line);
    });

    it('in a text answer that is JSON the client could not parse', async () => {
      recordPosts(
        server,
        URL,
        () =>
          new HttpResponse(`{"message":"bad key ${ESCAPED}"`, {
            status: 400,
            headers: { 'content-type': 'text/plain' },
          }),
      );
      const error = failure(await braze({ apiKey: QUOTED, maxRetries: 0 }).track(BODY));
      expect((error as ApiError).body).toBe('{"message":"bad key [redacted]"');
      expectNeither(inspect(error, { depth: 10, showHidden: true }));
      expectNeither(JSON.stringify(error));
    });
  });

  it('refuses a key shorter than 8 characters, saying why and never echoing it', () => {
    let error: unknown;
    try {
      new BrazeClient({ apiKey: 'r3gal', restEndpoint: 'US-01' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toBe(
      'Invalid BrazeClient options: apiKey: is shorter than 8 characters: Regal and Braze API keys are much longer, so this is a placeholder or a truncated key (and masking it would garble every log line)',
    );
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain('r3gal');
    expect(() => new BrazeClient({ apiKey: 'r3galkey', restEndpoint: 'US-01' })).not.toThrow();
  });

  it('TimeoutError', async () => {
    recordPosts(server, URL, async () => {
      await delay(2_000);
      return HttpResponse.json({});
    });
    const error = failure(await braze({ timeout: 20, maxRetries: 0 }).track(BODY));
    expect(error).toBeInstanceOf(TimeoutError);
    expectNoKey(error);
  });

  it('ConnectionError from a custom fetch whose error carries the request and the key', async () => {
    const error = failure(
      await braze({
        maxRetries: 0,
        fetch: async (request) => {
          throw Object.assign(new Error(`proxy refused ${request.headers.get('authorization')}`), {
            request,
          });
        },
      }).track(BODY),
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expectNoKey(error);
    expect((error.cause as Error).message).toBe('proxy refused [redacted]');
  });

  it('network failure', async () => {
    server.use(http.post(URL, () => HttpResponse.error()));
    const error = failure(await braze({ maxRetries: 0 }).track(BODY));
    expect(error).toBeInstanceOf(ConnectionError);
    expectNoKey(error);
  });

  it('RequestAbortedError', async () => {
    recordPosts(server, URL, async () => {
      await delay(2_000);
      return HttpResponse.json({});
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const error = failure(await braze().track(BODY, { signal: controller.signal }));
    expect(error).toBeInstanceOf(RequestAbortedError);
    expectNoKey(error);
  });

  it('ValidationError (a malformed key is never echoed)', () => {
    let error: unknown;
    try {
      new BrazeClient({ apiKey: `${KEY} `, restEndpoint: 'US-01' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expectNoKey(error);
  });

  it('the client itself: util.inspect and JSON show no key', () => {
    expectNoKey(braze());
  });

  it('no log line written during these tests holds the key', () => {
    expect(logLines.length).toBeGreaterThan(10);
    for (const line of logLines) expect(line).not.toContain(KEY);
  });
});
