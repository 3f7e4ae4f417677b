import { describe, expect, it } from 'vitest';
import {
  transformRegalEvent,
  ValidationError,
  type TransformOptions,
} from '../../src/transforms/index.js';
import { fixture } from '../support/fixtures.js';

function optionsError(options: unknown): ValidationError {
  try {
    transformRegalEvent(fixture('sms.sent'), options as TransformOptions);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('TransformOptions validation', () => {
  it.each([
    [
      { identifiers: [] },
      'identifiers: must be a non-empty array of external_id, email, phone_alias, phone',
    ],
    [
      { identifiers: ['userId'] },
      'identifiers[0]: must be one of external_id, email, phone_alias, phone',
    ],
    [{ identifiers: ['email', 'email'] }, 'identifiers[1]: "email" is listed twice'],
    [
      { phoneAliasLabel: '' },
      'phoneAliasLabel: must be a non-empty string of at most 255 characters',
    ],
    [{ keepNulls: 'yes' }, 'keepNulls: must be a boolean'],
    [{ updateExistingOnly: 1 }, 'updateExistingOnly: must be a boolean'],
    [{ missingTime: 'later' }, 'missingTime: must be "error" or "now"'],
    [
      { eventNames: { 'sms.sent': '' } },
      'eventNames["sms.sent"]: must be a non-empty string of at most 255 characters',
    ],
    [{ eventNames: 'SMS' }, 'eventNames: must be an object'],
    [
      { subscriptionGroups: { whatsapp: 'g' } },
      'subscriptionGroups.whatsapp: unknown key, expected one of voice, sms, email',
    ],
    [{ subscriptionGroup: { sms: 'g' } }, 'subscriptionGroup: unknown option'],
  ])('%j -> %s', (options, message) => {
    const error = optionsError(options);
    expect(error.message).toBe(`Invalid TransformOptions: ${message}`);
    expect(error.target).toBe('TransformOptions');
  });

  it('lists every problem at once', () => {
    expect(optionsError({ keepNulls: 1, missingTime: 2 }).issues).toStrictEqual([
      { path: ['keepNulls'], message: 'must be a boolean' },
      { path: ['missingTime'], message: 'must be "error" or "now"' },
    ]);
  });

  it('refuses a non-object', () => {
    expect(optionsError('fast').message).toBe('Invalid TransformOptions: must be an object');
  });
});
