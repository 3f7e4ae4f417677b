// regalHandlers emulates Regal's events API: auth, documented 400s, scripted failures, recording.
import { failOnUnhandled } from '../support/msw.js';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/index.js';
import { regalHandlers } from '../../src/testing/msw/index.js';

const KEY = 'regal-test-key';
const URL = 'https://events.regalvoice.com/events';
const server = setupServer();
beforeAll(() => server.listen(failOnUnhandled));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function use(options?: Parameters<typeof regalHandlers>[0]) {
  const regal = regalHandlers(options);
  server.use(...regal.handlers);
  return regal;
}

function post(body: unknown, authorization: string | null = KEY, url = URL): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization !== null) headers.authorization = authorization;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return fetch(url, { method: 'POST', headers, body: text });
}

async function answer(response: Response): Promise<[number, unknown]> {
  return [response.status, await response.json()];
}

const contact = { userId: 'u-1', traits: { phone: '+17625555555' }, eventSource: 'braze' };

describe('regalHandlers: normal behaviour', () => {
  it('answers 200 {"message":"ok"} and records the call', async () => {
    const regal = use();
    expect(await answer(await post(contact))).toStrictEqual([200, { message: 'ok' }]);
    expect(regal.calls).toStrictEqual([
      {
        method: 'POST',
        url: URL,
        headers: expect.objectContaining({
          authorization: KEY,
          'content-type': 'application/json',
        }) as unknown,
        body: contact,
        text: JSON.stringify(contact),
        status: 200,
        responseBody: { message: 'ok' },
      },
    ]);
  });

  it('accepts each documented identifier', async () => {
    use();
    for (const body of [
      { userId: 'u-1', name: 'Signed Up' },
      { traits: { phone: '+17625555555' } },
      { traits: { email: 'jane@example.com' } },
      { traits: { phones: { '+17625555555': { isPrimary: true } } } },
      { traits: { emails: { 'jane@example.com': { isPrimary: true } } } },
    ]) {
      expect((await post(body)).status).toBe(200);
    }
  });

  it('accepts an invalid phone number, as Regal does (it drops it later, silently)', async () => {
    use();
    expect((await post({ traits: { phone: '12' } })).status).toBe(200);
  });

  it('listens on the base URL it is given', async () => {
    const regal = use({ baseUrl: 'https://proxy.example.test/regal/' });
    expect((await post(contact, KEY, 'https://proxy.example.test/regal/events')).status).toBe(200);
    expect(regal.handlers.map((handler) => handler.info.path)).toStrictEqual([
      'https://proxy.example.test/regal/events',
    ]);
    expect(regal.calls).toHaveLength(1);
  });
});

describe('regalHandlers: authentication', () => {
  it.each([
    ['no Authorization header', null],
    ['an empty key', ''],
    ['a Bearer key (Regal wants the raw key)', `Bearer ${KEY}`],
  ])('answers 401 for %s', async (_, authorization) => {
    const regal = use();
    expect(await answer(await post(contact, authorization))).toStrictEqual([
      401,
      { message: 'Unauthorized' },
    ]);
    expect(regal.calls[0]?.status).toBe(401);
  });

  it('accepts only the configured key', async () => {
    use({ apiKey: KEY });
    expect((await post(contact, 'another-key')).status).toBe(401);
    expect((await post(contact, KEY)).status).toBe(200);
  });
});

describe('regalHandlers: documented 400s', () => {
  it.each([
    ['a body that is not JSON', 'not json', 'body must be a JSON object'],
    ['an array', [contact], 'body must be a JSON object'],
    [
      'no identifier',
      { name: 'Signed Up', traits: { firstName: 'Jane' } },
      'one of userId, traits.phone, traits.email, traits.phones or traits.emails is required',
    ],
    [
      'an opt-in without subscribed',
      { ...contact, traits: { phone: '+17625555555', optIn: [{ channel: 'sms' }] } },
      'traits.optIn entries need channel (voice, sms, email) and subscribed',
    ],
    [
      'an opt-in on an unknown channel',
      { ...contact, traits: { phone: '+1', optIn: [{ channel: 'fax', subscribed: true }] } },
      'traits.optIn entries need channel (voice, sms, email) and subscribed',
    ],
    ['an empty event name', { ...contact, name: '' }, 'name must be a non-empty string'],
    [
      'traits and properties that are not objects',
      { userId: 'u-1', traits: 'x', properties: [] },
      'traits must be an object; properties must be an object',
    ],
  ])('answers 400 for %s', async (_, body, message) => {
    use();
    expect(await answer(await post(body))).toStrictEqual([400, { message }]);
  });
});

describe('regalHandlers: scripted replies', () => {
  it('answers the scripted replies in order, then normally', async () => {
    const regal = use({ replies: [{ status: 429 }, { status: 503 }] });
    const first = await post(contact);
    expect(first.headers.get('retry-after')).toBe('0');
    expect(await first.json()).toStrictEqual({ message: 'Too Many Requests' });
    expect(await answer(await post(contact))).toStrictEqual([
      503,
      { message: 'Service Unavailable' },
    ]);
    expect((await post(contact)).status).toBe(200);
    expect(regal.calls.map((call) => call.status)).toStrictEqual([429, 503, 200]);
  });

  it('takes Retry-After, body and headers from the reply', async () => {
    const regal = use();
    regal.queue({
      status: 429,
      retryAfter: 2,
      body: { error: 'slow down' },
      headers: { 'x-a': 'b' },
    });
    const response = await post(contact);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(response.headers.get('x-a')).toBe('b');
    expect(await response.json()).toStrictEqual({ error: 'slow down' });
  });

  it('scripts a status even for a request the API would refuse', async () => {
    const regal = use();
    regal.queue({ status: 500 });
    expect((await post(contact, null)).status).toBe(500);
    expect((await post(contact, null)).status).toBe(401);
  });

  it('fails at the network level with networkError', async () => {
    const regal = use();
    regal.queue({ networkError: true });
    await expect(post(contact)).rejects.toThrow(TypeError);
    expect(regal.calls).toMatchObject([{ status: 0, responseBody: undefined, body: contact }]);
    expect((await post(contact)).status).toBe(200);
  });

  it('delays an answer with delayMs, long enough for a client timeout', async () => {
    const regal = use();
    regal.queue({ delayMs: 2_000 });
    await expect(
      fetch(URL, {
        method: 'POST',
        headers: { authorization: KEY },
        body: JSON.stringify(contact),
        signal: AbortSignal.timeout(20),
      }),
    ).rejects.toThrow(/aborted|timeout/i);
    expect(regal.calls.map((call) => call.status)).toStrictEqual([200]);
  });

  it('hands queued replies to concurrent requests one each', async () => {
    const regal = use();
    regal.queue({ status: 429 });
    const statuses = await Promise.all([post(contact), post(contact), post(contact)]);
    expect(statuses.map((response) => response.status).sort()).toStrictEqual([200, 200, 429]);
    expect(regal.calls).toHaveLength(3);
  });

  it('forgets calls and queued replies on reset()', async () => {
    const regal = use({ replies: [{ status: 500 }, { status: 500 }] });
    await post(contact);
    regal.reset();
    expect(regal.calls).toStrictEqual([]);
    expect((await post(contact)).status).toBe(200);
  });
});

describe('regalHandlers: bad arguments', () => {
  it('lists every bad option', () => {
    expect(() =>
      regalHandlers({
        baseUrl: 'events.regalvoice.com',
        apiKey: ' ',
        replies: {},
        port: 1,
      } as never),
    ).toThrow(
      new ValidationError('regalHandlers options', [
        { path: ['port'], message: 'unknown option' },
        { path: ['baseUrl'], message: 'must be an absolute http(s) URL' },
        { path: ['apiKey'], message: 'must be a non-empty string' },
        { path: ['replies'], message: 'must be an array' },
      ]),
    );
  });

  it('checks scripted replies before queueing them', () => {
    const regal = regalHandlers();
    expect(() =>
      regal.queue(
        { status: 99 },
        { status: 500, networkError: true },
        { delayMs: -1, retryAfter: Number.NaN },
        { headers: { a: 1 } } as never,
        { code: 500 } as never,
        null as never,
      ),
    ).toThrow(
      new ValidationError('regalHandlers queue', [
        { path: [0, 'status'], message: 'must be an integer from 100 to 599' },
        { path: [1], message: 'cannot have both status and networkError' },
        { path: [2, 'retryAfter'], message: 'must be a finite number >= 0' },
        { path: [2, 'delayMs'], message: 'must be a finite number >= 0' },
        { path: [3, 'headers'], message: 'must be an object of strings' },
        { path: [4, 'code'], message: 'unknown field' },
        { path: [5], message: 'must be an object' },
      ]),
    );
    expect(() => regalHandlers({ replies: [{ status: 600 }] })).toThrow(
      'Invalid regalHandlers options.replies input: [0].status: must be an integer from 100 to 599',
    );
  });

  it('keeps the configured key out of its own inspection', async () => {
    const { inspect } = await import('node:util');
    const regal = regalHandlers({ apiKey: 'secret-key-123' });
    expect(inspect(regal, { depth: 10 })).not.toContain('secret-key-123');
  });
});
