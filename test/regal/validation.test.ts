// Every input rule: a ValidationError naming the problem and where, and nothing sent.
import { afterEach, describe, expect, it } from 'vitest';
import { RegalClient, ValidationError } from '../../src/index.js';
import { recordPosts, useMsw, type RecordedRequest } from '../support/msw.js';

const server = useMsw();
const URL = 'https://events.regalvoice.com/events';

let requests: RecordedRequest[] = [];
afterEach(() => {
  // The point of validation: nothing reached the network.
  expect(requests).toEqual([]);
});

type Method = 'createContact' | 'updateOptIn' | 'trackEvent';

async function failure(
  method: Method,
  input: unknown,
  options?: unknown,
  client = new RegalClient({ apiKey: 'validation-key' }),
): Promise<ValidationError> {
  requests = recordPosts(server, URL);
  const send = client[method].bind(client) as (
    input: unknown,
    options?: unknown,
  ) => Promise<unknown>;
  const error = await send(input, options).then(
    () => {
      throw new Error('expected a ValidationError');
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

const PHONE = '+12133734253';
const circular: Record<string, unknown> = { a: 1 };
circular.self = circular;

describe('createContact rules', () => {
  it.each<[string, unknown, string]>([
    ['input not an object', 'hello', 'must be an object (got a string)'],
    ['missing traits', { userId: 'u' }, 'traits: is required'],
    ['traits not an object', { traits: [] }, 'traits: must be an object (got an array)'],
    [
      'no phone or email',
      { traits: { firstName: 'Ann' } },
      'traits: a contact needs a phone or an email (traits.phone, traits.email, traits.phones or traits.emails)',
    ],
    ['invalid phone', { traits: { phone: '+1 555' } }, 'traits.phone: is not a valid phone number'],
    [
      'phone with an unallocated range (full metadata, not length-only)',
      { traits: { phone: '+33 7 00 00 00 00' } },
      'traits.phone: is not a valid phone number',
    ],
    [
      'national number without defaultCountry',
      { traits: { phone: '(213) 373-4253' } },
      'traits.phone: is not a valid phone number: write it in international format (+ and country code) or set the defaultCountry option',
    ],
    [
      'phone with an extension',
      { traits: { phone: '+1 213 373 4253 ext. 12' } },
      'traits.phone: has an extension, which E.164 (what Regal stores) cannot carry',
    ],
    [
      'phone not a string',
      { traits: { phone: 12133734253 } },
      'traits.phone: must be a string (got a number)',
    ],
    ['invalid email', { traits: { email: 'ann@' } }, 'traits.email: is not a valid email address'],
    [
      'email with a space',
      { traits: { email: 'ann @example.com' } },
      'traits.email: is not a valid email address',
    ],
    [
      'firstName not a string',
      { traits: { email: 'a@b.co', firstName: 3 } },
      'traits.firstName: must be a string (got a number)',
    ],
    [
      'opt-in without channel and subscribed',
      { traits: { phone: PHONE, optIn: [{ source: 'x' }] } },
      'traits.optIn[0].channel: is required; traits.optIn[0].subscribed: is required',
    ],
    [
      'opt-in subscribed as a string',
      { traits: { phone: PHONE, optIn: [{ channel: 'sms', subscribed: 'true' }] } },
      'traits.optIn[0].subscribed: must be true or false (got a string)',
    ],
    [
      'opt-in unknown channel',
      { traits: { phone: PHONE, optIn: [{ channel: 'push', subscribed: true }] } },
      'traits.optIn[0].channel: must be "voice", "sms" or "email"',
    ],
    [
      'opt-in unknown key',
      { traits: { phone: PHONE, optIn: [{ channel: 'sms', subscribed: true, consent: 1 }] } },
      'traits.optIn[0].consent: unknown key (an opt-in takes channel, subscribed, source, timestamp, ip, text)',
    ],
    [
      'empty opt-in list',
      { traits: { phone: PHONE, optIn: [] } },
      'traits.optIn: must list at least one opt-in (or leave optIn out)',
    ],
    [
      'opt-in list not an array',
      { traits: { phone: PHONE, optIn: { channel: 'sms', subscribed: true } } },
      'traits.optIn: must be an array of opt-ins (got an object)',
    ],
    [
      'sms opt-in without a phone',
      { traits: { email: 'a@b.co', optIn: [{ channel: 'sms', subscribed: true }] } },
      'traits.optIn[0].channel: an sms opt-in applies to traits.phone, which is missing',
    ],
    [
      'email opt-in without an email',
      { traits: { phone: PHONE, optIn: [{ channel: 'email', subscribed: true }] } },
      'traits.optIn[0].channel: an email opt-in applies to traits.email, which is missing',
    ],
    [
      'opt-in timestamp not ISO 8601',
      {
        traits: {
          phone: PHONE,
          optIn: [{ channel: 'sms', subscribed: true, timestamp: '05/01/2024' }],
        },
      },
      'traits.optIn[0].timestamp: must be an ISO 8601 date string (e.g. "2024-05-01T12:00:00Z") or a Date',
    ],
    [
      'opt-in timestamp as a number',
      {
        traits: {
          phone: PHONE,
          optIn: [{ channel: 'sms', subscribed: true, timestamp: 1714564800 }],
        },
      },
      'traits.optIn[0].timestamp: must be a Date or an ISO 8601 date string (got a number)',
    ],
    [
      'opt-in ip not an IP address',
      { traits: { phone: PHONE, optIn: [{ channel: 'sms', subscribed: true, ip: 'localhost' }] } },
      'traits.optIn[0].ip: is not a valid IPv4 or IPv6 address',
    ],
    [
      'unknown top-level key',
      { traits: { phone: PHONE }, eventSource: 'x' },
      'eventSource: unknown key (createContact takes userId, traits)',
    ],
    ['empty userId', { userId: ' ', traits: { phone: PHONE } }, 'userId: must not be empty'],
    [
      'numeric userId',
      { userId: 42, traits: { phone: PHONE } },
      'userId: must be a string (got a number)',
    ],
    [
      'custom trait NaN',
      { traits: { phone: PHONE, score: Number.NaN } },
      'traits.score: must be a finite number (got NaN, which JSON cannot carry)',
    ],
    [
      'custom trait bigint',
      { traits: { phone: PHONE, big: 10n } },
      'traits.big: must be a string, number, boolean, null, Date, array or plain object (got a bigint)',
    ],
    [
      'custom trait function',
      { traits: { phone: PHONE, fn: () => 1 } },
      'traits.fn: must be a string, number, boolean, null, Date, array or plain object (got a function)',
    ],
    [
      'custom trait Map',
      { traits: { phone: PHONE, map: new Map() } },
      'traits.map: must be a string, number, boolean, null, Date, array or plain object (got a class instance)',
    ],
    [
      'undefined inside an array',
      { traits: { phone: PHONE, list: [1, undefined] } },
      'traits.list[1]: must not be undefined (JSON would turn it into null)',
    ],
    [
      'invalid Date',
      { traits: { phone: PHONE, at: new Date('nope') } },
      'traits.at: is an invalid Date',
    ],
    [
      'circular custom trait',
      { traits: { phone: PHONE, loop: circular } },
      'traits.loop.self: is a circular reference',
    ],
    [
      'phones key not a number',
      { traits: { phones: { 'not a phone': {} } } },
      'traits.phones["not a phone"]: is not a valid phone number: write it in international format (+ and country code) or set the defaultCountry option',
    ],
    [
      'phones: the same number twice',
      { traits: { phones: { '+12133734253': {}, '+1 (213) 373-4253': {} } } },
      'traits.phones["+1 (213) 373-4253"]: is the same number as the key "+12133734253"',
    ],
    [
      'phones: two primaries',
      {
        traits: {
          phones: { '+12133734253': { isPrimary: true }, '+447911123456': { isPrimary: true } },
        },
      },
      'traits.phones["+447911123456"].isPrimary: only one of phones can be primary',
    ],
    [
      'phones: an email opt-in on a phone',
      { traits: { phones: { '+12133734253': { emailOptIn: { subscribed: true } } } } },
      'traits.phones["+12133734253"].emailOptIn: unknown key (a phone entry takes label, isPrimary, voiceOptIn, smsOptIn)',
    ],
    [
      'phones: opt-in without subscribed',
      { traits: { phones: { '+12133734253': { smsOptIn: { source: 'x' } } } } },
      'traits.phones["+12133734253"].smsOptIn.subscribed: is required',
    ],
    [
      'phones: empty map',
      { traits: { phones: {} } },
      'traits.phones: must list at least one phone number (or leave phones out)',
    ],
    [
      'emails: invalid address',
      { traits: { emails: { 'ann.example.com': {} } } },
      'traits.emails["ann.example.com"]: is not a valid email address',
    ],
    [
      'address: unknown key',
      { traits: { phone: PHONE, address: { zip: '75002' } } },
      'traits.address.zip: unknown key (an address takes street, city, state, zipcode, country)',
    ],
  ])('%s', async (_label, input, message) => {
    const error = await failure('createContact', input);
    expect(error.message).toBe(`Invalid createContact input: ${message}`);
    expect(error.target).toBe('createContact');
  });

  it('lists every problem at once, each with its path', async () => {
    const error = await failure('createContact', {
      userId: '',
      traits: { phone: '12', email: 'x', optIn: [{ channel: 'fax' }] },
    });
    expect(error.issues).toEqual([
      { path: ['userId'], message: 'must not be empty' },
      {
        path: ['traits', 'phone'],
        message:
          'is not a valid phone number: write it in international format (+ and country code) or set the defaultCountry option',
      },
      { path: ['traits', 'email'], message: 'is not a valid email address' },
      { path: ['traits', 'optIn', 0, 'channel'], message: 'must be "voice", "sms" or "email"' },
      { path: ['traits', 'optIn', 0, 'subscribed'], message: 'is required' },
    ]);
  });
});

describe('updateOptIn rules', () => {
  it.each<[string, unknown, string]>([
    [
      'no opt-in at all',
      { userId: 'u', traits: { phone: PHONE } },
      'traits: an opt-in update needs at least one opt-in: traits.optIn, or voiceOptIn / smsOptIn in traits.phones, or emailOptIn in traits.emails',
    ],
    [
      'phones without any opt-in',
      { traits: { phones: { [PHONE]: { label: 'mobile' } } } },
      'traits: an opt-in update needs at least one opt-in: traits.optIn, or voiceOptIn / smsOptIn in traits.phones, or emailOptIn in traits.emails',
    ],
    ['missing traits', {}, 'traits: is required'],
    [
      'opt-in without subscribed',
      { traits: { phone: PHONE, optIn: [{ channel: 'voice' }] } },
      'traits.optIn[0].subscribed: is required',
    ],
  ])('%s', async (_label, input, message) => {
    const error = await failure('updateOptIn', input);
    expect(error.message).toBe(`Invalid updateOptIn input: ${message}`);
  });
});

describe('trackEvent rules', () => {
  it.each<[string, unknown, string]>([
    ['missing name', { userId: 'u' }, 'name: is required'],
    ['empty name', { userId: 'u', name: '' }, 'name: must not be empty'],
    [
      'no identifier',
      { name: 'X', traits: { firstName: 'Ann' } },
      'a custom event needs an identifier: userId, or a phone or email in traits',
    ],
    [
      'properties not an object',
      { userId: 'u', name: 'X', properties: [1] },
      'properties: must be a plain object (got an array)',
    ],
    [
      'properties with a symbol',
      { userId: 'u', name: 'X', properties: { s: Symbol('x') } },
      'properties.s: must be a string, number, boolean, null, Date, array or plain object (got a symbol)',
    ],
    [
      'originalTimestamp in Unix seconds',
      { userId: 'u', name: 'X', originalTimestamp: 1714564800 },
      'originalTimestamp: must be a Date or an ISO 8601 date string (got a number)',
    ],
    [
      'originalTimestamp impossible date',
      { userId: 'u', name: 'X', originalTimestamp: '2024-13-45' },
      'originalTimestamp: must be an ISO 8601 date string (e.g. "2024-05-01T12:00:00Z") or a Date',
    ],
    [
      'unknown key',
      { userId: 'u', name: 'X', event: 'Y' },
      'event: unknown key (trackEvent takes userId, traits, name, properties, originalTimestamp)',
    ],
    [
      'invalid phone in traits',
      { name: 'X', traits: { phone: '+1 000' } },
      'traits.phone: is not a valid phone number',
    ],
  ])('%s', async (_label, input, message) => {
    const error = await failure('trackEvent', input);
    expect(error.message).toBe(`Invalid trackEvent input: ${message}`);
  });
});

describe('per-call options', () => {
  it.each<[string, unknown, string]>([
    [
      'timeout 0',
      { timeout: 0 },
      'timeout: must be a number of milliseconds between 1 and 2147483647',
    ],
    [
      'negative maxRetries',
      { maxRetries: -1 },
      'maxRetries: must be a whole number, 0 or more (0 disables retries)',
    ],
    ['signal not a signal', { signal: 'stop' }, 'signal: must be an AbortSignal'],
    [
      'unknown option',
      { retries: 1 },
      'retries: unknown key (expected signal, timeout or maxRetries)',
    ],
    ['options not an object', 5, 'must be an object'],
    ['options an array', [], 'must be an object'],
    ['options null', null, 'must be an object'],
  ])('%s', async (_label, options, message) => {
    const error = await failure('trackEvent', { userId: 'u', name: 'X' }, options);
    expect(error.message).toBe(`Invalid trackEvent options: ${message}`);
  });
});
