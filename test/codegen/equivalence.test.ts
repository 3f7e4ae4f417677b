// The central test of the Data Transformation codegen: the generated snippet, run in node:vm
// with nothing but `payload` and `headers`, gives exactly what transformRegalEvent gives with
// the same options, on every fixture and on generated events of every covered type; where one
// refuses a payload, the other refuses it with the same error. Non-default options and garbage:
// equivalence-options.test.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BrazeTransformationOptions, TransformOptions } from '../../src/transforms/index.js';
import { optionsForValidEvents, validEvents } from '../support/arbitraries.js';
import {
  asJson,
  expectEquivalent,
  sdkOutcome,
  snippetFor,
  snippetOutcome,
} from '../support/equivalence.js';
import { fixture, fixtureNames } from '../support/fixtures.js';

const FIXED_NON_DEFAULT: TransformOptions = {
  identifiers: ['phone_alias', 'email'],
  phoneAliasLabel: 'regal_phone',
  eventNames: { 'call.completed': 'Regal Call Completed', 'sms.sent': 'Text Sent' },
  subscriptionGroups: { voice: 'g-voice', sms: 'g-sms', email: 'g-email' },
  keepNulls: true,
  updateExistingOnly: true,
};

const OPTION_SETS: [string, TransformOptions | undefined][] = [
  ['default options', undefined],
  ['subscription groups for every channel', optionsForValidEvents],
  ['non-default options', FIXED_NON_DEFAULT],
];

describe('snippet vs transformRegalEvent on every fixture', () => {
  for (const [label, options] of OPTION_SETS) {
    it.each(fixtureNames)(`%s, ${label}`, (name) => {
      expectEquivalent(fixture(name), options);
    });
  }

  it('compares real bodies, not only refusals', () => {
    const outcomes = fixtureNames.map((name) => sdkOutcome(fixture(name), optionsForValidEvents));
    const bodies = outcomes.filter((outcome) => 'body' in outcome && outcome.body !== undefined);
    expect(bodies.length).toBe(fixtureNames.length - 1); // all but agent.activity.updated
    expect(sdkOutcome(fixture('agent.activity.updated'), undefined)).toEqual({ body: undefined });
  });
});

const RUNS = 200;

describe(`snippet vs transformRegalEvent on ${RUNS} generated events of each type`, () => {
  for (const [type, arbitrary] of Object.entries(validEvents)) {
    it(`${type}: every valid event maps to the same body`, () => {
      fc.assert(
        fc.property(arbitrary, (event) => {
          const outcome = expectEquivalent(event, optionsForValidEvents);
          expect('body' in outcome && outcome.body !== undefined).toBe(true);
        }),
        { numRuns: RUNS },
      );
    });
  }
});

describe('a snippet restricted to some events', () => {
  const options: BrazeTransformationOptions = {
    ...optionsForValidEvents,
    events: ['call.completed', 'sms.sent'],
  };
  const run = () => snippetFor(options);

  it('maps the events it lists exactly as transformRegalEvent does', () => {
    fc.assert(
      fc.property(validEvents['call.completed'], (event) => {
        const payload = asJson(event);
        expect(snippetOutcome(run(), payload)).toEqual(sdkOutcome(payload, optionsForValidEvents));
      }),
      { numRuns: 50 },
    );
    const sms = fixture('sms.sent');
    expect(snippetOutcome(run(), sms)).toEqual(sdkOutcome(sms, optionsForValidEvents));
  });

  it('refuses any other event with an Error naming it and the events it maps', () => {
    expect(snippetOutcome(run(), fixture('email.sent'))).toEqual({
      refused: {
        name: 'Error',
        message:
          'regal-braze: this transformation maps only call.completed, sms.sent, not "email.sent": regenerate it with that event, or stop sending it from Regal',
      },
    });
    for (const payload of [null, [], 'call.completed', { name: 42 }, {}]) {
      expect(snippetOutcome(run(), payload)).toEqual({
        refused: {
          name: 'Error',
          message:
            'regal-braze: this transformation maps only call.completed, sms.sent, not an event without a name: regenerate it with that event, or stop sending it from Regal',
        },
      });
    }
  });

  it('refuses an invalid payload of a listed event as transformRegalEvent does', () => {
    const event = fixture('call.completed');
    delete event.userId;
    delete event.traits;
    delete (event.properties as Record<string, unknown>).contact_phone;
    const outcome = snippetOutcome(run(), event);
    expect(outcome).toEqual(sdkOutcome(event, optionsForValidEvents));
    expect(outcome).toEqual({
      refused: {
        name: 'PayloadError',
        message:
          'Invalid Regal call.completed event: no usable Braze identifier (external_id: userId is missing; email: traits.email is missing; phone_alias: traits.phone is missing)',
      },
    });
  });
});
