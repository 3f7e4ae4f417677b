// A second engine: the generated Data Transformation run in QuickJS gives exactly what it gives
// in node:vm (V8) — the same JSON, byte for byte — and what transformRegalEvent gives, on every
// fixture and on generated events, valid or not, with default and non-default options.
import fc from 'fast-check';
import vm from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import {
  toBrazeTransformation,
  type BrazeTransformationOptions,
  type TransformOptions,
} from '../../src/transforms/index.js';
import {
  garbage,
  nonDefaultOptions,
  optionsForValidEvents,
  validEvents,
} from '../support/arbitraries.js';
import { sdkOutcome, type Outcome } from '../support/equivalence.js';
import { fixture, fixtureNames } from '../support/fixtures.js';
import {
  outcomeFunction,
  quickJsTransformation,
  type QuickJsTransformation,
} from '../support/quickjs.js';

const MAPPING: TransformOptions = {
  ...optionsForValidEvents,
  properties: {
    'call.completed': { omit: ['notes'], rename: { disposition: 'call_disposition' } },
    'sms.sent': { rename: { content: 'text' } },
  },
  attributes: {
    'call.completed': { last_call_disposition: 'disposition' },
    'contact.unsubscribed': { unsubscribed_from: 'source' },
  },
};

const engines = new Map<string, { quickjs: QuickJsTransformation; v8: (json: string) => string }>();
afterAll(() => {
  for (const { quickjs } of engines.values()) quickjs.dispose();
});

function enginesFor(options: BrazeTransformationOptions | undefined) {
  const key = JSON.stringify(options ?? null);
  let pair = engines.get(key);
  if (pair === undefined) {
    const code = toBrazeTransformation(options);
    const context = vm.createContext({});
    pair = {
      quickjs: quickJsTransformation(code),
      v8: vm.runInContext(outcomeFunction(code), context) as (json: string) => string,
    };
    engines.set(key, pair);
  }
  return pair;
}

/** Runs a payload in both engines: same text, and the outcome transformRegalEvent has. */
function expectSameEverywhere(payload: unknown, options: TransformOptions | undefined): Outcome {
  const json = JSON.stringify(payload);
  const { quickjs, v8 } = enginesFor(options);
  const fromQuickJs = quickjs.run(json);
  expect(fromQuickJs).toBe(v8(json));
  const expected = sdkOutcome(JSON.parse(json), options);
  const outcome = JSON.parse(fromQuickJs) as Outcome | Record<string, never>;
  expect('body' in outcome || 'refused' in outcome ? outcome : { body: undefined }).toEqual(
    expected,
  );
  return expected;
}

describe('QuickJS runs the generated code as node:vm does, and as transformRegalEvent maps', () => {
  for (const [label, options] of [
    ['default options', undefined],
    ['subscription groups for every channel', optionsForValidEvents],
    ['field mapping (properties, attributes)', MAPPING],
  ] as const) {
    it.each(fixtureNames)(`%s, ${label}`, (name) => {
      expectSameEverywhere(fixture(name), options);
    });
  }

  for (const [type, arbitrary] of Object.entries(validEvents)) {
    it(`${type}: 100 generated events, default and non-default options`, () => {
      fc.assert(
        fc.property(arbitrary, nonDefaultOptions, (event, options) => {
          expect(expectSameEverywhere(event, optionsForValidEvents)).toHaveProperty('body');
          expectSameEverywhere(event, options);
          expectSameEverywhere(event, MAPPING);
        }),
        { numRuns: 100 },
      );
    });
  }

  it('garbage: the same refusals, message for message', () => {
    let refusals = 0;
    fc.assert(
      fc.property(garbage, (payload) => {
        if (JSON.stringify(payload) === undefined) return;
        if ('refused' in expectSameEverywhere(payload, optionsForValidEvents)) refusals++;
      }),
      { numRuns: 300 },
    );
    expect(refusals).toBeGreaterThan(100);
  });

  it('a code restricted to some events: the same in both engines', () => {
    const options: BrazeTransformationOptions = {
      ...optionsForValidEvents,
      events: ['call.completed', 'sms.sent'],
    };
    const { quickjs, v8 } = enginesFor(options);
    for (const name of ['call.completed', 'sms.sent', 'email.sent']) {
      const json = JSON.stringify(fixture(name));
      expect(quickjs.run(json)).toBe(v8(json));
    }
    expect(JSON.parse(quickjs.run(JSON.stringify(fixture('email.sent'))))).toEqual({
      refused: {
        name: 'Error',
        message:
          'regal-braze: this transformation maps only call.completed, sms.sent, not "email.sent": regenerate it with that event, or stop sending it from Regal',
      },
    });
  });
});
