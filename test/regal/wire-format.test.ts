// What RegalClient puts on the wire for each method, in both trait formats.
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { RegalClient, type RegalClientOptions } from '../../src/index.js';
import { recordPosts, useMsw } from '../support/msw.js';

const server = useMsw();
const URL = 'https://events.regalvoice.com/events';
const KEY = 'wire-test-key-123';

const regal = (options: RegalClientOptions = {}) => new RegalClient({ apiKey: KEY, ...options });

describe('request line and headers', () => {
  it('POST {baseUrl}/events with the raw key, JSON content type and the SDK user agent', async () => {
    const requests = recordPosts(server, URL);
    const result = await regal().trackEvent({ userId: 'u-1', name: 'Signed Up' });
    expect(result).toEqual({ status: 200, body: { message: 'ok' } });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      method: 'POST',
      url: URL,
      headers: {
        authorization: KEY,
        'content-type': 'application/json',
        'user-agent': 'regal-braze/0.2.0',
      },
    });
  });

  it('appends /events to a base URL with a path and a trailing slash', async () => {
    const requests = recordPosts(server, 'https://proxy.example.test/regal/events');
    await regal({ baseUrl: 'https://proxy.example.test/regal/' }).trackEvent({
      userId: 'u-1',
      name: 'X',
    });
    expect(requests).toHaveLength(1);
  });

  it('sends the eventSource option', async () => {
    const requests = recordPosts(server, URL);
    await regal({ eventSource: 'backend' }).trackEvent({ userId: 'u-1', name: 'X' });
    expect(requests[0]?.text).toBe('{"userId":"u-1","name":"X","eventSource":"backend"}');
  });
});

describe('createContact', () => {
  it('legacy traits: phone normalised to E.164, opt-in timestamp as ISO, keys in the given order', async () => {
    const requests = recordPosts(server, URL);
    await regal({ defaultCountry: 'US' }).createContact({
      traits: {
        email: 'ann@example.com',
        phone: '(213) 373-4253',
        optIn: [
          {
            channel: 'sms',
            subscribed: true,
            timestamp: new Date('2024-05-01T12:00:00Z'),
            ip: '203.0.113.7',
            text: 'Reply STOP to stop',
            source: 'signup',
          },
        ],
        plan: 'pro',
        signedUpAt: new Date('2024-04-30T08:00:00Z'),
        tags: ['a', 'b'],
        score: 12.5,
        vip: false,
        referrer: null,
        meta: { nested: { deep: 1 } },
      },
      userId: 'u-42',
    });
    expect(requests[0]?.text).toBe(
      '{"traits":{"email":"ann@example.com","phone":"+12133734253","optIn":[{"channel":"sms",' +
        '"subscribed":true,"timestamp":"2024-05-01T12:00:00.000Z","ip":"203.0.113.7",' +
        '"text":"Reply STOP to stop","source":"signup"}],"plan":"pro",' +
        '"signedUpAt":"2024-04-30T08:00:00.000Z","tags":["a","b"],"score":12.5,"vip":false,' +
        '"referrer":null,"meta":{"nested":{"deep":1}}},"userId":"u-42","eventSource":"braze"}',
    );
  });

  it('current traits: phones and emails maps (keys normalised), address', async () => {
    const requests = recordPosts(server, URL);
    await regal({ defaultCountry: 'FR' }).createContact({
      userId: 'u-7',
      traits: {
        phones: {
          '06 12 34 56 78': {
            label: 'mobile',
            isPrimary: true,
            voiceOptIn: { subscribed: true, timestamp: '2024-05-01T12:00:00Z' },
            smsOptIn: { subscribed: false, timestamp: '2024-05-01T12:00:00Z', source: 'form' },
          },
          '+1 213 373 4253': { label: 'work' },
        },
        emails: {
          'ann@example.com': {
            isPrimary: true,
            emailOptIn: { subscribed: true, timestamp: '2024-05-01' },
          },
        },
        address: { street: '1 rue de la Paix', city: 'Paris', zipcode: '75002', country: 'FR' },
        firstName: 'Ann',
      },
    });
    expect(JSON.parse(requests[0]?.text ?? '')).toEqual({
      userId: 'u-7',
      traits: {
        phones: {
          '+33612345678': {
            label: 'mobile',
            isPrimary: true,
            voiceOptIn: { subscribed: true, timestamp: '2024-05-01T12:00:00Z' },
            smsOptIn: { subscribed: false, timestamp: '2024-05-01T12:00:00Z', source: 'form' },
          },
          '+12133734253': { label: 'work' },
        },
        emails: {
          'ann@example.com': {
            isPrimary: true,
            emailOptIn: { subscribed: true, timestamp: '2024-05-01' },
          },
        },
        address: { street: '1 rue de la Paix', city: 'Paris', zipcode: '75002', country: 'FR' },
        firstName: 'Ann',
      },
      eventSource: 'braze',
    });
    expect(requests[0]?.text).toMatch(/^\{"userId":"u-7","traits":\{"phones":\{"\+33612345678":/);
  });

  it('leaves undefined fields out (an absent optional field)', async () => {
    const requests = recordPosts(server, URL);
    await regal().createContact({
      userId: undefined,
      traits: { email: 'ann@example.com', firstName: undefined, plan: undefined },
    });
    expect(requests[0]?.text).toBe('{"traits":{"email":"ann@example.com"},"eventSource":"braze"}');
  });
});

describe('updateOptIn', () => {
  it('legacy: optIn list with the phone and email it applies to', async () => {
    const requests = recordPosts(server, URL);
    await regal().updateOptIn({
      traits: {
        phone: '+447911123456',
        email: 'bo@example.com',
        optIn: [
          { channel: 'voice', subscribed: false, timestamp: '2024-05-02T09:30:00+02:00' },
          { channel: 'email', subscribed: true, timestamp: '2024-05-02T09:30:00+02:00' },
        ],
      },
    });
    expect(requests[0]?.text).toBe(
      '{"traits":{"phone":"+447911123456","email":"bo@example.com","optIn":[' +
        '{"channel":"voice","subscribed":false,"timestamp":"2024-05-02T09:30:00+02:00"},' +
        '{"channel":"email","subscribed":true,"timestamp":"2024-05-02T09:30:00+02:00"}]},' +
        '"eventSource":"braze"}',
    );
  });

  it('current: smsOptIn on a phone entry', async () => {
    const requests = recordPosts(server, URL);
    await regal().updateOptIn({
      userId: 'u-9',
      traits: {
        phones: {
          '+447911123456': {
            smsOptIn: { subscribed: false, timestamp: new Date('2024-05-02T07:30:00Z') },
          },
        },
      },
    });
    expect(requests[0]?.text).toBe(
      '{"userId":"u-9","traits":{"phones":{"+447911123456":{"smsOptIn":{"subscribed":false,' +
        '"timestamp":"2024-05-02T07:30:00.000Z"}}}},"eventSource":"braze"}',
    );
  });
});

describe('trackEvent', () => {
  it('legacy traits, properties with a Date, originalTimestamp from a Date', async () => {
    const requests = recordPosts(server, URL);
    await regal().trackEvent({
      traits: { email: 'cy@example.com', phone: '+33612345678' },
      name: 'Quote Requested',
      properties: { amount: 120, when: new Date('2024-05-03T10:00:00Z'), items: [{ sku: 'A1' }] },
      originalTimestamp: new Date('2024-05-03T10:00:01Z'),
    });
    expect(requests[0]?.text).toBe(
      '{"traits":{"email":"cy@example.com","phone":"+33612345678"},"name":"Quote Requested",' +
        '"properties":{"amount":120,"when":"2024-05-03T10:00:00.000Z","items":[{"sku":"A1"}]},' +
        '"originalTimestamp":"2024-05-03T10:00:01.000Z","eventSource":"braze"}',
    );
  });

  it('current traits identify the contact; originalTimestamp string sent as written', async () => {
    const requests = recordPosts(server, URL);
    await regal().trackEvent({
      name: 'Call Booked',
      traits: { emails: { 'cy@example.com': { isPrimary: true } } },
      originalTimestamp: '2024-05-03T10:00:01Z',
    });
    expect(requests[0]?.text).toBe(
      '{"name":"Call Booked","traits":{"emails":{"cy@example.com":{"isPrimary":true}}},' +
        '"originalTimestamp":"2024-05-03T10:00:01Z","eventSource":"braze"}',
    );
  });

  it('userId alone identifies the contact', async () => {
    const requests = recordPosts(server, URL);
    await regal().trackEvent({ userId: 'u-1', name: 'X', properties: {} });
    expect(requests[0]?.text).toBe(
      '{"userId":"u-1","name":"X","properties":{},"eventSource":"braze"}',
    );
  });
});

describe('input made in another realm', () => {
  it('plain objects of a vm context are plain data: sent as they are', async () => {
    const requests = recordPosts(server, URL);
    const input = runInNewContext(
      '({ userId: "u-1", name: "Plan Chosen", properties: { plan: { tier: "gold" } } })',
    ) as { userId: string; name: string; properties: Record<string, unknown> };
    await regal().trackEvent(input);
    expect(requests[0]?.text).toBe(
      '{"userId":"u-1","name":"Plan Chosen","properties":{"plan":{"tier":"gold"}},"eventSource":"braze"}',
    );
  });
});

describe('untrusted key names', () => {
  it('a "__proto__" key in custom traits and properties is sent as a key, nothing polluted', async () => {
    const requests = recordPosts(server, URL);
    await regal().trackEvent({
      userId: 'u-1',
      name: 'Form Sent',
      traits: JSON.parse('{"email":"ann@example.com","__proto__":"trait"}') as Record<
        string,
        string
      >,
      properties: JSON.parse('{"__proto__":{"isAdmin":true},"form":{"__proto__":1}}') as Record<
        string,
        unknown
      >,
    });
    expect(requests[0]?.text).toBe(
      '{"userId":"u-1","name":"Form Sent","traits":{"email":"ann@example.com","__proto__":"trait"},' +
        '"properties":{"__proto__":{"isAdmin":true},"form":{"__proto__":1}},"eventSource":"braze"}',
    );
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });
});
