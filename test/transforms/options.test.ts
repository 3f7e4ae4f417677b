import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createTransformer,
  transformRegalEvent,
  ValidationError,
  type TransformOptions,
} from '../../src/transforms/index.js';
import { resolveTransformOptions } from '../../src/transforms/options.js';
import { isRecord } from '../../src/common/objects.js';
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

describe('TransformOptions field mapping (properties, attributes)', () => {
  it.each([
    [
      { properties: { 'call.completed': { omit: 'notes' } } },
      'properties["call.completed"].omit: must be an array of property names',
    ],
    [
      { properties: { 'call.completed': { omit: [''] } } },
      'properties["call.completed"].omit[0]: must be a non-empty string of at most 255 characters',
    ],
    [
      { properties: { 'call.completed': { rename: { disposition: '' } } } },
      'properties["call.completed"].rename.disposition: must be a non-empty string of at most 255 characters',
    ],
    [
      { properties: { 'call.completed': { drop: ['notes'] } } },
      'properties["call.completed"].drop: unknown key, expected omit or rename',
    ],
    [
      { properties: { 'call.completed': ['notes'] } },
      'properties["call.completed"]: must be an object: { omit?, rename? }',
    ],
    [
      { properties: { 'contact.attribute.edited': { omit: ['x'] } } },
      'properties["contact.attribute.edited"]: contact.attribute.edited maps to an attributes update, not to a Braze event: it has no event properties',
    ],
    [
      { attributes: { 'call.completed': { last_disposition: 7 } } },
      'attributes["call.completed"].last_disposition: must be a non-empty string of at most 255 characters',
    ],
    [
      { attributes: { 'agent.activity.updated': { status: 'new_activity' } } },
      'attributes["agent.activity.updated"]: agent.activity.updated concerns no contact: there is no user to set attributes on',
    ],
    [{ attributes: 'disposition' }, 'attributes: must be an object'],
  ])('%j -> %s', (options, message) => {
    expect(optionsError(options).message).toBe(`Invalid TransformOptions: ${message}`);
  });

  it('keeps "__proto__" and other hostile names as own keys, never on a prototype', () => {
    const options = JSON.parse(
      '{"properties": {"__proto__": {"rename": {"__proto__": "x"}}}, "attributes": {"sms.sent": {"__proto__": "content"}}}',
    ) as TransformOptions;
    const body = transformRegalEvent(fixture('sms.sent'), options);
    expect(body?.attributes?.[0]).toHaveProperty(
      'regal___proto__',
      'Hi Jane, following up on your quote: reply YES to book a call.',
    );
    expect(Object.prototype).not.toHaveProperty('x');
  });
});

describe('createTransformer', () => {
  it('checks the options once, when it is created', () => {
    expect(() => createTransformer({ keepNulls: 'yes' } as unknown as TransformOptions)).toThrow(
      'Invalid TransformOptions: keepNulls: must be a boolean',
    );
  });

  it('maps every event as transformRegalEvent does with the same options', () => {
    const options: TransformOptions = { subscriptionGroups: { voice: 'g' }, keepNulls: true };
    const transform = createTransformer(options);
    for (const name of [
      'call.completed',
      'contact.unsubscribed',
      'sms.sent',
      'agent.activity.updated',
    ]) {
      expect(transform(fixture(name))).toStrictEqual(transformRegalEvent(fixture(name), options));
    }
    expect(transform(fixture('agent.activity.updated'))).toBeUndefined();
  });
});

describe('resolveTransformOptions without field mapping (its quick path)', () => {
  // Options with field mapping are always read through the spec: the same options plus an empty
  // `attributes` give the spec's answer, to hold the quick path to.
  const outcome = (options: unknown) => {
    try {
      const { attributes, ...rest } = resolveTransformOptions(options as TransformOptions);
      return { resolved: rest, attributes };
    } catch (error) {
      return { error: error instanceof ValidationError ? error.message : error };
    }
  };
  // Mostly valid values (the quick path's answers), sometimes anything (the spec's refusals).
  const valid = <T>(arbitrary: fc.Arbitrary<T>) =>
    fc.oneof({ weight: 6, arbitrary }, { weight: 1, arbitrary: fc.anything() });
  const names = (keys: fc.Arbitrary<string>) =>
    valid(
      fc.oneof(
        { weight: 6, arbitrary: fc.dictionary(keys, valid(fc.string({ minLength: 1 }))) },
        { weight: 1, arbitrary: fc.constant(JSON.parse('{"__proto__": "P", "sms": "g"}')) },
        {
          weight: 1,
          arbitrary: fc.constant(Object.assign(Object.create({ x: 'y' }), { sms: 'g' })),
        },
        { weight: 1, arbitrary: fc.constant({ [Symbol('s')]: 'g', sms: 'g' }) },
        { weight: 1, arbitrary: fc.constant({ sms: 'x'.repeat(256) }) },
      ),
    );
  const options = fc.record(
    {
      identifiers: valid(
        fc.oneof(
          fc.shuffledSubarray(['external_id', 'email', 'phone_alias', 'phone'], { minLength: 1 }),
          fc.array(fc.constantFrom('external_id', 'email', 'phone', 'userId'), { maxLength: 3 }),
          fc.constant(['email', , 'phone']), // eslint-disable-line no-sparse-arrays -- a hole
        ),
      ),
      phoneAliasLabel: valid(fc.oneof(fc.string(), fc.constant(' '), fc.constant('x'.repeat(256)))),
      eventNames: names(fc.string()),
      subscriptionGroups: names(fc.constantFrom('voice', 'sms', 'email', 'email', 'whatsapp')),
      updateExistingOnly: valid(fc.boolean()),
      keepNulls: valid(fc.boolean()),
      missingTime: valid(fc.constantFrom('error', 'now', 'later')),
    },
    { requiredKeys: [] },
  );
  const withExtra = fc.oneof(
    { weight: 9, arbitrary: options },
    { weight: 1, arbitrary: options.map((given) => ({ ...given, identifier: 'email' })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(options, fc.constantFrom({ keepNulls: true }, { identifier: 'email' }))
        .map(([given, inherited]) => Object.assign(Object.create(inherited) as object, given)),
    },
    { weight: 1, arbitrary: fc.anything() },
  );

  it('resolves or refuses options as the spec does', () => {
    fc.assert(
      fc.property(withExtra, (given) => {
        // The same options (the same prototype and own keys, "__proto__" too: defined, not
        // assigned through its setter) with an empty `attributes`.
        const withAttributes = isRecord(given)
          ? Object.defineProperties(Object.create(Object.getPrototypeOf(given) as object | null), {
              ...Object.getOwnPropertyDescriptors(given),
              attributes: { value: {}, enumerable: true, writable: true, configurable: true },
            })
          : given;
        const bySpec = outcome(withAttributes);
        const quick = outcome(given);
        if ('error' in bySpec) expect(quick).toStrictEqual(bySpec);
        else expect(quick).toStrictEqual({ resolved: bySpec.resolved, attributes: {} });
      }),
      { numRuns: 2000 },
    );
  });

  // The last options resolved are given again while the same records still hold the same names.
  it('sees a change to the same records between calls', () => {
    const groups: Record<string, unknown> = { sms: 'g-sms' };
    const eventNames: Record<string, unknown> = { 'sms.sent': 'Text Sent' };
    const identifiers: unknown[] = ['email', 'external_id'];
    const again = () => outcome({ subscriptionGroups: groups, eventNames, identifiers });
    const expected = (changes: object) => ({
      resolved: { ...outcome({}).resolved, subscriptionGroups: { ...groups }, ...changes },
      attributes: {},
    });
    const base = { eventNames: { 'sms.sent': 'Text Sent' }, identifiers: ['email', 'external_id'] };
    expect(again()).toStrictEqual(expected(base));
    expect(again()).toStrictEqual(expected(base));
    groups.sms = 'g-other';
    expect(again()).toStrictEqual(expected(base));
    groups.voice = 'g-voice';
    expect(again()).toStrictEqual(expected(base));
    eventNames['sms.sent'] = 'SMS Out';
    expect(again()).toStrictEqual(expected({ ...base, eventNames: { 'sms.sent': 'SMS Out' } }));
    identifiers.reverse();
    const reversed = {
      eventNames: { 'sms.sent': 'SMS Out' },
      identifiers: ['external_id', 'email'],
    };
    expect(again()).toStrictEqual(expected(reversed));
    groups.whatsapp = 'g-w';
    expect(again()).toStrictEqual({
      error:
        'Invalid TransformOptions: subscriptionGroups.whatsapp: unknown key, expected one of voice, sms, email',
    });
    delete groups.whatsapp;
    delete eventNames['sms.sent'];
    expect(again()).toStrictEqual(expected({ ...reversed, eventNames: {} }));
  });

  it('answers as the spec does over a run of calls changing the same records', () => {
    const step = fc.oneof(
      fc.record({ set: fc.constantFrom('voice', 'sms', 'email', 'whatsapp'), to: fc.string() }),
      fc.record({ remove: fc.constantFrom('voice', 'sms', 'email', 'whatsapp') }),
      fc.constant({ call: true }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
        const groups: Record<string, unknown> = { sms: 'g-sms' };
        for (const change of steps) {
          if ('set' in change) groups[change.set] = change.to;
          else if ('remove' in change) delete groups[change.remove];
          const bySpec = outcome({ subscriptionGroups: { ...groups }, attributes: {} });
          const quick = outcome({ subscriptionGroups: groups });
          if ('error' in bySpec) expect(quick).toStrictEqual(bySpec);
          else expect(quick).toStrictEqual({ resolved: bySpec.resolved, attributes: {} });
        }
      }),
      { numRuns: 500 },
    );
  });
});
