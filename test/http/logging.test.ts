// The logger: silent by default, levels as documented, secrets masked, never breaks a request.
import { HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HttpClient, type HttpClientOptions } from '../../src/http/http-client.js';
import type { LogFields, Logger } from '../../src/http/logger.js';
import { recordPosts, statuses, useMsw } from '../support/msw.js';

const server = useMsw();
const BASE = 'https://api.example.test';
const SECRET = 'log-secret-9f8e7d';

type Line = [level: string, message: string, fields?: LogFields];

function recordingLogger(): { logger: Logger; lines: Line[] } {
  const lines: Line[] = [];
  const at =
    (level: string) =>
    (message: string, fields?: LogFields): void => {
      lines.push([level, message, fields]);
    };
  return {
    lines,
    logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') },
  };
}

function client(overrides: Partial<HttpClientOptions>) {
  return new HttpClient({
    service: 'braze',
    baseUrl: BASE,
    authorization: `Bearer ${SECRET}`,
    userAgent: 'test-agent',
    timeout: 5_000,
    maxRetries: 1,
    random: () => 0,
    sleep: async () => {},
    ...overrides,
  });
}

afterEach(() => vi.restoreAllMocks());

describe('logging', () => {
  it('is silent without a logger: nothing reaches the console', async () => {
    const spies = (['log', 'debug', 'info', 'warn', 'error'] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation(() => {}),
    );
    recordPosts(server, `${BASE}/x`, statuses([503, 400]));
    await client({})
      .post('x', {})
      .catch(() => {});
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });

  it('logs each attempt at debug and each retry at warn', async () => {
    recordPosts(server, `${BASE}/x`, statuses([503, 200]));
    const { logger, lines } = recordingLogger();
    await client({ logger }).post('x', {});
    expect(lines.map(([level, message]) => [level, message])).toEqual([
      ['debug', `braze POST ${BASE}/x`],
      ['debug', 'braze answered 503'],
      ['warn', 'braze POST x: retrying in 500 ms'],
      ['debug', `braze POST ${BASE}/x`],
      ['debug', 'braze answered 200'],
    ]);
    expect(lines[2]?.[2]).toEqual({
      service: 'braze',
      url: `${BASE}/x`,
      attempt: 1,
      maxRetries: 1,
      reason: 'status 503',
      delayMs: 500,
    });
  });

  it('only calls the levels the logger has', async () => {
    recordPosts(server, `${BASE}/x`, statuses([503, 200]));
    const warn = vi.fn();
    await client({ logger: { warn } }).post('x', {});
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('masks the key (whole header value and token) in messages and fields', async () => {
    recordPosts(server, `${BASE}/x`, () => HttpResponse.json({}, { status: 503 }));
    const { logger, lines } = recordingLogger();
    // A path holding the secret stands in for any place it could leak into a log line.
    await client({ logger })
      .post(`x?token=${SECRET}`, {})
      .catch(() => {});
    expect(lines.length).toBeGreaterThan(0);
    expect(JSON.stringify(lines)).not.toContain(SECRET);
    expect(JSON.stringify(lines)).toContain('[redacted]');
  });

  it('a throwing logger does not break the request', async () => {
    recordPosts(server, `${BASE}/x`);
    const boom = () => {
      throw new Error('logger down');
    };
    await expect(
      client({ logger: { debug: boom, warn: boom } }).post('x', {}),
    ).resolves.toMatchObject({ status: 200 });
  });
});
