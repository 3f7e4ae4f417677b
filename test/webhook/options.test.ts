// createWebhookHandler options: a ValidationError naming each bad one, before anything runs.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  BrazeClient,
  createWebhookHandler,
  ValidationError,
  type WebhookHandlerOptions,
} from '../../src/index.js';

afterEach(() => vi.unstubAllEnvs());

const VALID = {
  secret: 's3cret-0123456789',
  braze: { apiKey: 'test-api-key', restEndpoint: 'US-01' },
};

function optionsError(options: unknown): ValidationError {
  try {
    createWebhookHandler(options as WebhookHandlerOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected createWebhookHandler to throw');
}

describe('createWebhookHandler options', () => {
  it.each<[string, Record<string, unknown>, string]>([
    [
      'secret with a space',
      { secret: 'two words' },
      'secret: must be a non-empty string of visible ASCII characters (no spaces or line breaks)',
    ],
    [
      'secretHeader with a colon',
      { secretHeader: 'x-secret:' },
      'secretHeader: must be a header name such as "x-regal-secret"',
    ],
    [
      'allowUnauthenticated "yes"',
      { allowUnauthenticated: 'yes' },
      'allowUnauthenticated: must be a boolean',
    ],
    ['braze a string', { braze: 'US-01' }, 'braze: must be a BrazeClient or BrazeClient options'],
    [
      'a bad transform option',
      { transform: { identifiers: ['phone_number'] } },
      'transform.identifiers[0]: must be one of external_id, email, phone_alias, phone',
    ],
    [
      'onDeliveryFailure not a function',
      { onDeliveryFailure: true },
      'onDeliveryFailure: must be a function',
    ],
    [
      'dedupStore without delete',
      { dedupStore: { has: () => false, add: () => true } },
      'dedupStore.delete: must be a function',
    ],
    [
      'dedupStore true',
      { dedupStore: true },
      'dedupStore: must be a store with has, add and delete, or false',
    ],
    [
      'dedupWindowMs 0',
      { dedupWindowMs: 0 },
      'dedupWindowMs: must be a whole number from 1 to 2147483647',
    ],
    [
      'flushIntervalMs -1',
      { flushIntervalMs: -1 },
      'flushIntervalMs: must be a whole number from 0 to 2147483647',
    ],
    [
      'maxEventAgeMs -1',
      { maxEventAgeMs: -1 },
      'maxEventAgeMs: must be a whole number from 0 to 2147483647',
    ],
    [
      'queue not a queue',
      { queue: 'sqlite' },
      'queue: must be a delivery queue (memoryQueue(), sqliteQueue({ path }), …)',
    ],
    [
      'queue missing methods',
      { queue: { append: () => undefined } },
      'queue.lease: must be a function; queue.renew: must be a function; queue.ack: must be a function; queue.retry: must be a function; queue.release: must be a function; queue.deadLetter: must be a function; queue.listDeadLetters: must be a function; queue.replayDeadLetters: must be a function; queue.purgeDeadLetters: must be a function; queue.depth: must be a function; queue.close: must be a function',
    ],
    [
      'maxConcurrentRequests, now a Braze client option',
      { maxConcurrentRequests: 2 },
      'maxConcurrentRequests: unknown key (expected braze, secret, secretHeader, allowUnauthenticated, transform, onDeliveryFailure, dedupStore, dedupWindowMs, queue, maxEventAgeMs, flushIntervalMs, maxBodyBytes, logger)',
    ],
    [
      'maxBodyBytes "1MB"',
      { maxBodyBytes: '1MB' },
      'maxBodyBytes: must be a whole number, 1 or more',
    ],
    ['logger with a bad method', { logger: { info: 1 } }, 'logger.info: must be a function'],
    [
      'a misspelled option',
      { flushInterval: 10 },
      'flushInterval: unknown key (expected braze, secret, secretHeader, allowUnauthenticated, transform, onDeliveryFailure, dedupStore, dedupWindowMs, queue, maxEventAgeMs, flushIntervalMs, maxBodyBytes, logger)',
    ],
  ])('%s', (_label, options, message) => {
    expect(optionsError({ ...VALID, ...options }).message).toBe(
      `Invalid createWebhookHandler options: ${message}`,
    );
  });

  it('a bad REGAL_WEBHOOK_SECRET is named as such, and not echoed', () => {
    vi.stubEnv('REGAL_WEBHOOK_SECRET', 'has spaces in it');
    const error = optionsError({ braze: VALID.braze });
    expect(error.message).toBe(
      'Invalid createWebhookHandler options: secret: REGAL_WEBHOOK_SECRET must be a non-empty string of visible ASCII characters (no spaces or line breaks)',
    );
  });

  it('a body size is not capped by the timer limit', async () => {
    const handler = createWebhookHandler({ ...VALID, maxBodyBytes: 2 ** 32 });
    await handler.close();
  });

  it('bad braze options are the BrazeClient ValidationError', () => {
    vi.stubEnv('BRAZE_API_KEY', '');
    vi.stubEnv('BRAZE_REST_ENDPOINT', '');
    const error = optionsError({ secret: 's3cret-0123456789', braze: { restEndpoint: 'US-01' } });
    expect(error.message).toBe(
      'Invalid BrazeClient options: apiKey: is required: pass the apiKey option or set the BRAZE_API_KEY environment variable',
    );
  });

  it('falls back to BRAZE_API_KEY and BRAZE_REST_ENDPOINT', async () => {
    vi.stubEnv('BRAZE_API_KEY', 'env-api-key');
    vi.stubEnv('BRAZE_REST_ENDPOINT', 'EU-01');
    const handler = createWebhookHandler({ secret: 's3cret-0123456789' });
    expect(handler.stats()).toMatchObject({ received: 0, closing: false });
    await handler.close();
  });

  it('accepts a BrazeClient instance', async () => {
    const handler = createWebhookHandler({
      secret: 's3cret-0123456789',
      braze: new BrazeClient({ apiKey: 'test-api-key', restEndpoint: 'US-01' }),
    });
    await handler.close();
  });

  it('stats() starts at zero', async () => {
    const handler = createWebhookHandler(VALID);
    expect(handler.stats()).toEqual({
      received: 0,
      accepted: 0,
      duplicates: 0,
      ignored: 0,
      invalid: 0,
      unauthorized: 0,
      methodNotAllowed: 0,
      tooLarge: 0,
      unavailable: 0,
      queued: 0,
      inFlight: 0,
      delivered: 0,
      failed: 0,
      retried: 0,
      batches: 0,
      brazeRequests: 0,
      brazeAttempts: 0,
      delivery: 'delivering',
      pausedUntil: undefined,
      closing: false,
    });
    await handler.close();
  });
});
