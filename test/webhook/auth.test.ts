// The shared secret: accepted as a bearer token, raw, or in a named header, compared in
// constant time; anything else is a 401 and nothing reaches Braze. No secret is a startup error.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createWebhookHandler,
  ValidationError,
  type WebhookHandler,
  type WebhookHandlerOptions,
} from '../../src/index.js';
import { bytesEqual } from '../../src/webhook/auth.js';
import { SECRET, webhookRequest } from '../support/bridge-server.js';
import { brazeHandlers } from '../../src/testing/msw/braze-handlers.js';
import { useMsw } from '../support/msw.js';
import { regalEvent, TRANSFORM } from '../support/regal-events.js';

const server = useMsw();
const BRAZE = { apiKey: 'braze-key', restEndpoint: 'https://braze.test' };

const created: WebhookHandler[] = [];
let brazeRequests: readonly unknown[] = [];

beforeEach(() => {
  const braze = brazeHandlers(BRAZE);
  server.use(...braze.handlers);
  brazeRequests = braze.calls;
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(created.splice(0).map((bridge) => bridge.close()));
});

function handler(options: WebhookHandlerOptions = {}) {
  const bridge = createWebhookHandler({
    secret: SECRET,
    braze: BRAZE,
    transform: TRANSFORM,
    ...options,
  });
  created.push(bridge);
  return bridge;
}

async function statusFor(headers: Record<string, string>, options?: WebhookHandlerOptions) {
  const bridge = handler(options);
  const request = new Request('http://bridge.test/', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(regalEvent(1)),
  });
  const response = await bridge(request);
  return { status: response.status, body: await response.text(), bridge };
}

describe('webhook authentication', () => {
  it('the accepted event is delivered', async () => {
    const { status, bridge } = await statusFor({ authorization: `Bearer ${SECRET}` });
    expect(status).toBe(202);
    await bridge.flush();
    expect(brazeRequests).toHaveLength(1);
  });

  it.each([
    ['Authorization: Bearer <secret>', { authorization: `Bearer ${SECRET}` }],
    [
      'Authorization: bearer <secret> (any case, extra spaces)',
      { authorization: `bearer   ${SECRET}` },
    ],
    ['Authorization: <secret>', { authorization: SECRET }],
  ])('accepts %s', async (_label, headers) => {
    expect((await statusFor(headers)).status).toBe(202);
  });

  it('accepts the secret in the header named by secretHeader (any case)', async () => {
    const options = { secretHeader: 'X-Regal-Secret' };
    expect((await statusFor({ 'x-regal-secret': SECRET }, options)).status).toBe(202);
    expect((await statusFor({ authorization: `Bearer ${SECRET}` }, options)).status).toBe(202);
    expect((await statusFor({ 'x-regal-secret': `${SECRET}x` }, options)).status).toBe(401);
  });

  it.each([
    ['no header', {}],
    ['a wrong secret', { authorization: 'Bearer whsec-test-5f1d0c2a9c' }],
    ['the secret plus one character', { authorization: `Bearer ${SECRET}0` }],
    ['a prefix of the secret', { authorization: `Bearer ${SECRET.slice(0, -1)}` }],
    ['an empty bearer token', { authorization: 'Bearer ' }],
    ['another scheme', { authorization: `Basic ${SECRET}` }],
    ['the secret in a header nobody configured', { 'x-regal-secret': SECRET }],
  ])('401 for %s, and nothing forwarded', async (_label, headers) => {
    const { status, body, bridge } = await statusFor(headers);
    expect(status).toBe(401);
    expect(JSON.parse(body)).toEqual({ error: 'unauthorized', message: 'missing or wrong secret' });
    expect(body).not.toContain(SECRET);
    await bridge.flush();
    expect(brazeRequests).toHaveLength(0);
    expect(bridge.stats()).toMatchObject({ received: 1, unauthorized: 1, accepted: 0 });
  });

  it('401 answers carry WWW-Authenticate: Bearer', async () => {
    const response = await handler()(
      webhookRequest(regalEvent(1), { headers: { authorization: 'nope' } }),
    );
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('no secret configured is a startup error naming the option and the variable', () => {
    vi.stubEnv('REGAL_WEBHOOK_SECRET', '');
    expect(() => createWebhookHandler({ braze: BRAZE })).toThrow(
      new ValidationError('createWebhookHandler options', [
        {
          path: ['secret'],
          message:
            'is required: pass the secret option or set the REGAL_WEBHOOK_SECRET environment variable (allowUnauthenticated: true accepts requests without one)',
        },
      ]),
    );
  });

  it('falls back to REGAL_WEBHOOK_SECRET', async () => {
    vi.stubEnv('REGAL_WEBHOOK_SECRET', 'from-the-environment');
    const bridge = handler({ secret: undefined });
    const ok = await bridge(
      webhookRequest(regalEvent(1), { headers: { authorization: 'from-the-environment' } }),
    );
    expect(ok.status).toBe(202);
    expect((await bridge(webhookRequest(regalEvent(2)))).status).toBe(401);
  });

  it('allowUnauthenticated: true accepts requests without a secret when none is configured', async () => {
    vi.stubEnv('REGAL_WEBHOOK_SECRET', '');
    const { status } = await statusFor({}, { secret: undefined, allowUnauthenticated: true });
    expect(status).toBe(202);
  });

  it('a configured secret is still required with allowUnauthenticated: true', async () => {
    expect((await statusFor({}, { allowUnauthenticated: true })).status).toBe(401);
  });
});

describe('bytesEqual (constant-time comparison)', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it.each([
    ['same bytes', 'secret-value', 'secret-value', true],
    ['one byte differs', 'secret-valuf', 'secret-value', false],
    ['first byte differs', 'Secret-value', 'secret-value', false],
    ['shorter', 'secret', 'secret-value', false],
    ['longer', 'secret-value-2', 'secret-value', false],
    ['empty given', '', 'secret-value', false],
    ['both empty', '', '', true],
    ['multi-byte characters', 'sécret', 'sécret', true],
    ['same length, different characters', 'sécret', 'secret', false],
  ])('%s', (_label, given, expected, equal) => {
    expect(bytesEqual(bytes(given), bytes(expected))).toBe(equal);
  });
});
