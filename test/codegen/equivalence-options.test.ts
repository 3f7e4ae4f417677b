// Equivalence of the generated snippet and transformRegalEvent (see equivalence.test.ts) under
// non-default options, on garbage, and with the clock.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TransformOptions } from '../../src/transforms/index.js';
import {
  garbage,
  nonDefaultOptions,
  optionsForValidEvents,
  validEvents,
} from '../support/arbitraries.js';
import {
  expectEquivalent,
  sdkOutcome,
  snippetFor,
  snippetOutcome,
} from '../support/equivalence.js';
import { fixture } from '../support/fixtures.js';

const RUNS = 200;
const GARBAGE_RUNS = 400;

describe(`snippet vs transformRegalEvent under non-default options, ${RUNS} events of each type`, () => {
  for (const [type, arbitrary] of Object.entries(validEvents)) {
    it(`${type}: same body or same refusal`, () => {
      let bodies = 0;
      fc.assert(
        fc.property(arbitrary, nonDefaultOptions, (event, options) => {
          if ('body' in expectEquivalent(event, options)) bodies++;
        }),
        { numRuns: RUNS },
      );
      // Most of them map: the property compares bodies, not just two refusals.
      expect(bodies).toBeGreaterThan(RUNS / 2);
    });
  }
});

describe('snippet vs transformRegalEvent on invalid payloads', () => {
  it(`${GARBAGE_RUNS} garbage payloads: both refuse, with the same error`, () => {
    let refusals = 0;
    fc.assert(
      fc.property(garbage, (payload) => {
        if ('refused' in expectEquivalent(payload, optionsForValidEvents)) refusals++;
      }),
      { numRuns: GARBAGE_RUNS },
    );
    expect(refusals).toBeGreaterThan(GARBAGE_RUNS / 2);
  });
});

describe('snippet vs transformRegalEvent with the clock', () => {
  it('missingTime "now": both time an event without a time at the current time', () => {
    const event = fixture('sms.sent');
    delete event.originalTimestamp;
    const options: TransformOptions = { missingTime: 'now' };
    const before = Date.now();
    const fromSnippet = snippetOutcome(snippetFor(options), event) as {
      body: { events: { time: string }[] };
    };
    const after = Date.now();
    const time = Date.parse(fromSnippet.body.events[0]!.time);
    expect(time).toBeGreaterThanOrEqual(before);
    expect(time).toBeLessThanOrEqual(after);
    const fromSdk = sdkOutcome(event, options) as { body: { events: { time: string }[] } };
    fromSdk.body.events[0]!.time = fromSnippet.body.events[0]!.time;
    expect(fromSnippet).toEqual(fromSdk);
  });
});
