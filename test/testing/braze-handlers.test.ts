// brazeHandlers emulates Braze's POST /users/track: auth, the 75-object limit, partial errors,
// scripted 429/5xx with rate-limit headers, recording.
import { failOnUnhandled } from '../support/msw.js';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { transformRegalEvent, ValidationError } from '../../src/index.js';
import { regalEvent, REGAL_EVENT_NAMES, type UsersTrackRequest } from '../../src/testing/index.js';
import { brazeHandlers } from '../../src/testing/msw/index.js';

const KEY = 'braze-test-key';
const URL = 'https://rest.iad-01.braze.com/users/track';
const server = setupServer();
beforeAll(() => server.listen(failOnUnhandled));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function use(options?: Parameters<typeof brazeHandlers>[0]) {
  const braze = brazeHandlers(options);
  server.use(...braze.handlers);
  return braze;
}

function post(body: unknown, authorization: string | null = `Bearer ${KEY}`, url = URL) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization !== null) headers.authorization = authorization;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return fetch(url, { method: 'POST', headers, body: text });
}

async function answer(response: Response): Promise<[number, unknown]> {
  return [response.status, await response.json()];
}

const event = { external_id: 'u1', name: 'Call Completed', time: '2022-07-15T03:17:39.000Z' };
const attributes = { external_id: 'u1', plan: 'gold' };
const purchase = {
  external_id: 'u1',
  product_id: 'p',
  currency: 'USD',
  price: 9.5,
  time: event.time,
};

describe('brazeHandlers: normal behaviour', () => {
  it('answers 201 with the processed counts and records the call', async () => {
    const braze = use();
    const body = { attributes: [attributes], events: [event, event], purchases: [purchase] };
    expect(await answer(await post(body))).toStrictEqual([
      201,
      { message: 'success', attributes_processed: 1, events_processed: 2, purchases_processed: 1 },
    ]);
    expect(braze.calls).toStrictEqual([
      {
        method: 'POST',
        url: URL,
        headers: expect.objectContaining({ authorization: `Bearer ${KEY}` }) as unknown,
        body,
        text: JSON.stringify(body),
        status: 201,
        responseBody: {
          message: 'success',
          attributes_processed: 1,
          events_processed: 2,
          purchases_processed: 1,
        },
      },
    ]);
  });

  it('answers on every Braze REST host by default', async () => {
    use();
    for (const host of ['rest.iad-01.braze.com', 'rest.us-09.braze.com', 'rest.fra-02.braze.eu']) {
      expect(
        (await post({ events: [event] }, `Bearer ${KEY}`, `https://${host}/users/track`)).status,
      ).toBe(201);
    }
  });

  it('answers on the configured REST endpoint only', async () => {
    const braze = use({ restEndpoint: 'https://rest.fra-01.braze.eu/' });
    expect(braze.handlers.map((handler) => handler.info.path)).toStrictEqual([
      'https://rest.fra-01.braze.eu/users/track',
    ]);
    expect(
      (await post({ events: [event] }, `Bearer ${KEY}`, 'https://rest.fra-01.braze.eu/users/track'))
        .status,
    ).toBe(201);
  });

  it('accepts what the transforms make of every factory event', async () => {
    const braze = use();
    const options = { subscriptionGroups: { voice: 'g-voice', sms: 'g-sms', email: 'g-email' } };
    for (const name of REGAL_EVENT_NAMES) {
      const body = transformRegalEvent(regalEvent(name), options);
      if (body !== undefined) await post(body);
    }
    expect(braze.calls).toHaveLength(REGAL_EVENT_NAMES.length - 1);
    for (const call of braze.calls) {
      expect(call.status).toBe(201);
      expect(call.responseBody).not.toHaveProperty('errors');
    }
  });
});

describe('brazeHandlers: authentication', () => {
  it.each([
    ['no Authorization header', null],
    ['the raw key without Bearer', KEY],
    ['an empty Bearer key', 'Bearer '],
  ])('answers 401 for %s', async (_, authorization) => {
    use();
    expect(await answer(await post({ events: [event] }, authorization))).toStrictEqual([
      401,
      { message: 'Invalid API key' },
    ]);
  });

  it('accepts only the configured key', async () => {
    use({ apiKey: KEY });
    expect((await post({ events: [event] }, 'Bearer another-key')).status).toBe(401);
    expect((await post({ events: [event] })).status).toBe(201);
  });
});

describe('brazeHandlers: limits and partial errors', () => {
  it('accepts 75 objects in all and refuses 76 with "Max Input Length Exceeded"', async () => {
    const braze = use();
    const full = {
      events: Array.from({ length: 40 }, () => event),
      attributes: Array.from({ length: 35 }, () => attributes),
    };
    expect(await answer(await post(full))).toStrictEqual([
      201,
      { message: 'success', attributes_processed: 35, events_processed: 40 },
    ]);
    full.attributes.push(attributes);
    expect(await answer(await post(full))).toStrictEqual([
      400,
      { message: 'Max Input Length Exceeded' },
    ]);
    expect(braze.calls.map((call) => call.status)).toStrictEqual([201, 400]);
  });

  it("requestLimit '75-per-array': accepts 75 per array and refuses 76 in one", async () => {
    use({ requestLimit: '75-per-array' });
    const full = {
      events: Array.from({ length: 75 }, () => event),
      attributes: Array.from({ length: 75 }, () => attributes),
    };
    expect(await answer(await post(full))).toStrictEqual([
      201,
      { message: 'success', attributes_processed: 75, events_processed: 75 },
    ]);
    full.events.push(event);
    expect(await answer(await post(full))).toStrictEqual([
      400,
      { message: 'Max Input Length Exceeded' },
    ]);
  });

  it("requestLimit '50-combined': refuses more than 50 objects in all", async () => {
    use({ requestLimit: '50-combined' });
    const body = {
      events: Array.from({ length: 30 }, () => event),
      attributes: Array.from({ length: 21 }, () => attributes),
    };
    expect(await answer(await post(body))).toStrictEqual([
      400,
      { message: 'Max Input Length Exceeded' },
    ]);
    body.attributes.pop();
    expect((await post(body)).status).toBe(201);
  });

  it('processes the valid objects and lists the others in errors (partial success)', async () => {
    use();
    const { external_id: _, ...anonymous } = event;
    const body = {
      attributes: [attributes, { ...attributes, $vip: true }],
      events: [anonymous, event, { ...event, time: 'yesterday', properties: { time: 1 } }],
    };
    expect(await answer(await post(body))).toStrictEqual([
      201,
      {
        message: 'success',
        attributes_processed: 1,
        events_processed: 1,
        errors: [
          {
            type: '$vip: key starts with "$", which Braze reserves',
            input_array: 'attributes',
            index: 1,
          },
          {
            type: 'has no identifier (one of external_id, user_alias, braze_id, email, phone)',
            input_array: 'events',
            index: 0,
          },
          {
            type: 'time: must be an ISO 8601 time; properties.time: "time" is reserved by Braze as a property key',
            input_array: 'events',
            index: 2,
          },
        ],
      },
    ]);
  });

  it.each([
    ['a body that is not JSON', 'nope', 'The body must be a JSON object'],
    ['an array', [event], 'The body must be a JSON object'],
    ['an empty body', {}, 'has no attributes, events or purchases'],
    [
      'an unknown field',
      { events: [event], users: [] },
      'users: is not a /users/track field (attributes, events, purchases)',
    ],
    [
      'an array field that is not an array',
      { events: event },
      'events: must be an array; has no attributes, events or purchases',
    ],
  ])('answers 400 for %s', async (_, body, message) => {
    use();
    expect(await answer(await post(body))).toStrictEqual([400, { message }]);
  });
});

describe('brazeHandlers: scripted replies', () => {
  it('answers a 429 with Retry-After and the X-RateLimit headers', async () => {
    const braze = use({ replies: [{ status: 429, retryAfter: 3 }] });
    const before = Math.floor(Date.now() / 1000);
    const response = await post({ events: [event] });
    const after = Math.ceil(Date.now() / 1000);
    expect(await answer(response.clone())).toStrictEqual([429, { message: 'Too Many Requests' }]);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(response.headers.get('x-ratelimit-limit')).toBe('3000');
    expect(response.headers.get('x-ratelimit-remaining')).toBe('0');
    const reset = Number(response.headers.get('x-ratelimit-reset'));
    expect(reset).toBeGreaterThanOrEqual(before + 3);
    expect(reset).toBeLessThanOrEqual(after + 3);
    expect((await post({ events: [event] })).status).toBe(201);
    expect(braze.calls.map((call) => call.status)).toStrictEqual([429, 201]);
  });

  it('defaults Retry-After to 0 so retrying code stays fast', async () => {
    use({ replies: [{ status: 429 }] });
    expect((await post({ events: [event] })).headers.get('retry-after')).toBe('0');
  });

  it('plays a 5xx sequence, then succeeds', async () => {
    const braze = use();
    braze.queue({ status: 500 }, { status: 502 }, { status: 503, retryAfter: 1 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await post({ events: [event] })).status);
    expect(statuses).toStrictEqual([500, 502, 503, 201]);
    expect(braze.calls[1]?.responseBody).toStrictEqual({ message: 'Bad Gateway' });
    expect(
      braze.calls.map((call) => (call.body as UsersTrackRequest).events?.length),
    ).toStrictEqual([1, 1, 1, 1]);
  });

  it('scripts a success body, e.g. a partial error Braze found', async () => {
    use({
      replies: [
        {
          status: 201,
          body: {
            message: 'success',
            events_processed: 0,
            errors: [{ type: 'custom', input_array: 'events', index: 0 }],
          },
        },
      ],
    });
    expect(await answer(await post({ events: [event] }))).toStrictEqual([
      201,
      {
        message: 'success',
        events_processed: 0,
        errors: [{ type: 'custom', input_array: 'events', index: 0 }],
      },
    ]);
  });

  it('answers a 204 without a body', async () => {
    const braze = use({ replies: [{ status: 204 }] });
    const response = await post({ events: [event] });
    expect([response.status, await response.text()]).toStrictEqual([204, '']);
    expect(braze.calls[0]?.responseBody).toBeUndefined();
  });

  it('fails at the network level with networkError', async () => {
    const braze = use({ replies: [{ networkError: true }] });
    await expect(post({ events: [event] })).rejects.toThrow(TypeError);
    expect(braze.calls.map((call) => call.status)).toStrictEqual([0]);
  });
});

describe('brazeHandlers: bad options', () => {
  it('lists every bad option', () => {
    expect(() =>
      brazeHandlers({
        restEndpoint: '/users/track',
        apiKey: 1,
        requestLimit: '75',
        replies: 'x',
      } as never),
    ).toThrow(
      new ValidationError('brazeHandlers options', [
        { path: ['restEndpoint'], message: 'must be an absolute http(s) URL' },
        { path: ['apiKey'], message: 'must be a non-empty string' },
        {
          path: ['requestLimit'],
          message: 'must be one of "75-combined", "50-combined", "75-per-array"',
        },
        { path: ['replies'], message: 'must be an array' },
      ]),
    );
    expect(() => brazeHandlers(null as never)).toThrow(
      'Invalid brazeHandlers options: must be an object',
    );
  });
});
