// The Data Transformation snippet against transformRegalEvent on a realistic event of each of
// the 40 documented names, in both envelopes, from the testing kit's factories (dogfooding).
import { describe, expect, it } from 'vitest';
import type { TransformOptions } from '../../src/transforms/index.js';
import { REGAL_EVENT_NAMES, regalEvent } from '../../src/testing/index.js';
import { optionsForValidEvents } from '../support/arbitraries.js';
import { expectEquivalent } from '../support/equivalence.js';

const OPTION_SETS: [string, TransformOptions][] = [
  ['subscription groups for every channel', optionsForValidEvents],
  [
    'phone alias first, nulls kept',
    { ...optionsForValidEvents, identifiers: ['phone_alias'], keepNulls: true },
  ],
];

describe('snippet vs transformRegalEvent on factory events of every documented name', () => {
  for (const [label, options] of OPTION_SETS) {
    it.each(REGAL_EVENT_NAMES)(`%s, ${label}`, (name) => {
      for (const envelope of ['standard', 'variant'] as const) {
        for (const seed of [1, 2, 3]) {
          const outcome = expectEquivalent(regalEvent(name, {}, { seed, envelope }), options);
          expect(outcome).toHaveProperty('body');
          if (name !== 'agent.activity.updated') expect(outcome).not.toEqual({ body: undefined });
        }
      }
    });
  }
});
