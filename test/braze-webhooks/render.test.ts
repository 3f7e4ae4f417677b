// Every template, rendered (liquidjs, Braze's syntax and filters as Braze documents them) for
// generated profiles full of quotes, backslashes, line breaks, control characters, emoji, blank
// and missing values: the body is valid JSON that RegalClient's validation accepts, and exactly
// what the documented rules give for that profile — or the message aborts where RegalClient
// would refuse the contact.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toBrazeWebhook } from '../../src/index.js';
import { checkInput, toEventsBody } from '../../src/regal/validation/inputs.js';
import { BrazeAbort, renderBraze, rubyLiquidHazards } from '../support/braze-liquid.js';
import { OPTION_SETS, profiles } from '../support/braze-webhook-options.js';
import { expectedInput } from '../support/braze-webhook-oracle.js';

const METHOD = {
  'create-contact': 'createContact',
  'update-opt-in': 'updateOptIn',
  'custom-event': 'trackEvent',
} as const;

const NOW = /"timestamp": "(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0000)"/;

describe.each(
  OPTION_SETS.map(([flow, options], index) => [`${flow} #${index}`, flow, options] as const),
)('%s', (_, flow, options) => {
  const { body } = toBrazeWebhook(flow, options);

  it('uses only what Braze documents, read the same by Ruby Liquid', () => {
    expect(rubyLiquidHazards(body)).toEqual([]);
  });

  it('renders valid JSON that RegalClient accepts and that the rules predict, or aborts where RegalClient would refuse', () => {
    let bodies = 0;
    fc.assert(
      fc.property(profiles(), (user) => {
        let rendered: string | undefined;
        try {
          rendered = renderBraze(body, user);
        } catch (error) {
          if (!(error instanceof BrazeAbort)) throw error;
        }
        const now = rendered?.match(NOW)?.[1] ?? '2024-05-01T12:00:00+0000';
        const expected = expectedInput(flow, options, user, now);
        if (expected === undefined) {
          expect(rendered, 'the message should have aborted').toBeUndefined();
          return;
        }
        expect(rendered, 'the message aborted').toBeDefined();
        bodies++;
        const parsed = JSON.parse(rendered!) as Record<string, unknown>;
        const { eventSource, ...input } = parsed;
        expect(eventSource).toBe('braze');
        expect(() => checkInput(METHOD[flow], input, undefined)).not.toThrow();
        const wire = toEventsBody(METHOD[flow], expected, undefined, 'braze').body;
        expect(JSON.stringify(parsed)).toBe(JSON.stringify(wire));
      }),
      { numRuns: 200 },
    );
    // Enough profiles make it to a body for the property to mean something.
    expect(bodies).toBeGreaterThan(40);
  });
});
