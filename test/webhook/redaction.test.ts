// The webhook secret and the Braze key appear in no response, log line, error or inspection of
// the handler.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createWebhookHandler, ValidationError } from '../../src/index.js';
import { brazeHandlers } from '../../src/testing/msw/braze-handlers.js';
import { useMsw } from '../support/msw.js';
import { webhookRequest } from '../support/bridge-server.js';
import { regalEvent, TRANSFORM } from '../support/regal-events.js';

const server = useMsw();
const SECRET = 'whsec-REDACTME-0a9b8c';
const KEY = 'braze-REDACTME-7e6d5c';

describe('secrets never leak from the bridge', () => {
  it('responses, log lines, failures and the handler itself hold neither secret', async () => {
    const braze = brazeHandlers({ restEndpoint: 'https://braze.test', apiKey: KEY });
    braze.queue({ status: 400, body: { message: `echo ${KEY}` } });
    server.use(...braze.handlers);
    const lines: string[] = [];
    const log = (level: string) => (message: string, fields?: unknown) =>
      lines.push(`${level} ${message} ${inspect(fields, { depth: 10 })}`);
    const failures: unknown[] = [];
    const handler = createWebhookHandler({
      secret: SECRET,
      braze: { apiKey: KEY, restEndpoint: 'https://braze.test', maxRetries: 0 },
      transform: TRANSFORM,
      logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
      onDeliveryFailure: (failure) => void failures.push(failure),
    });
    const bodies: string[] = [];
    const send = async (request: Request) => {
      const response = await handler(request);
      bodies.push(
        `${response.status} ${JSON.stringify([...response.headers])} ${await response.text()}`,
      );
    };
    await send(webhookRequest(regalEvent(0), { headers: { authorization: `Bearer ${SECRET}` } }));
    await handler.flush();
    await send(webhookRequest(regalEvent(1), { headers: { authorization: `Bearer ${SECRET}` } }));
    await send(webhookRequest(regalEvent(2), { headers: { authorization: `Bearer ${SECRET}x` } }));
    await send(webhookRequest('{bad', { headers: { authorization: SECRET } }));
    await send(webhookRequest(null, { method: 'GET', headers: { authorization: SECRET } }));
    await handler.close();

    expect(failures).toHaveLength(1);
    expect(lines.length).toBeGreaterThan(2);
    const everything = [
      ...bodies,
      ...lines,
      inspect(failures, { depth: 10, showHidden: true }),
      JSON.stringify(failures),
      inspect(handler, { depth: 10, showHidden: true }),
      JSON.stringify(handler.stats()),
    ];
    for (const text of everything) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(KEY);
    }
  });

  it('a malformed secret is refused without being echoed', () => {
    let error: unknown;
    try {
      createWebhookHandler({
        secret: `${SECRET}\n`,
        braze: { apiKey: KEY, restEndpoint: 'US-01' },
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(SECRET);
    expect(JSON.stringify(error)).not.toContain(SECRET);
  });

  it('refuses a secret shorter than 16 characters, saying why and how to make one', () => {
    const attempt = (secret: string | undefined, env?: string) => {
      const saved = process.env.REGAL_WEBHOOK_SECRET;
      if (env === undefined) delete process.env.REGAL_WEBHOOK_SECRET;
      else process.env.REGAL_WEBHOOK_SECRET = env;
      try {
        createWebhookHandler({ secret, braze: { apiKey: KEY, restEndpoint: 'US-01' } });
        return undefined;
      } catch (caught) {
        return caught;
      } finally {
        if (saved === undefined) delete process.env.REGAL_WEBHOOK_SECRET;
        else process.env.REGAL_WEBHOOK_SECRET = saved;
      }
    };
    const rule =
      'is shorter than 16 characters: a shared secret must be hard to guess (make one with `openssl rand -hex 24`)';
    const error = attempt('s3cr3t-123456');
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toBe(
      `Invalid createWebhookHandler options: secret: ${rule}`,
    );
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain('s3cr3t-123456');
    expect((attempt(undefined, 'x') as ValidationError).message).toBe(
      `Invalid createWebhookHandler options: secret: REGAL_WEBHOOK_SECRET ${rule}`,
    );
    expect(attempt('s3cr3t-1234567890')).toBeUndefined();
  });
});
