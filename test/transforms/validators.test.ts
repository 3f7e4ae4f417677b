// The generated validators decide what the transforms accept and word every refusal: they must
// answer exactly as zod's safeParse does on the same schema, message for message.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import type { Issue } from '../../src/errors/index.js';
import * as transforms from '../../src/transforms/index.js';
import { explain, type SchemaNode } from '../../src/transforms/validation/explain.js';
import * as validators from '../../src/transforms/validation/validators.generated.js';
import { anyValidEvent, garbage, objectFrom } from '../support/arbitraries.js';
import { zodIssues } from '../support/zod-issues.js';

type Validator = { schema: z.ZodMiniType; accepts: (value: unknown) => boolean; node: SchemaNode };

const generated = validators as unknown as Record<string, unknown>;

/** Each exported schema with its generated validator: `callCompletedEventSchema` ->
 * `isCallCompletedEvent` and `CALL_COMPLETED_EVENT`. */
const cases: [string, Validator][] = Object.entries(transforms as Record<string, unknown>)
  .filter(([name]) => name.endsWith('Schema'))
  .map(([name, schema]) => {
    const base = name.charAt(0).toUpperCase() + name.slice(1).replace(/Schema$/, '');
    const constant = base.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
    return [
      name,
      {
        schema: schema as z.ZodMiniType,
        accepts: generated[`is${base}`] as (value: unknown) => boolean,
        node: generated[constant] as SchemaNode,
      },
    ];
  });

function explained(node: SchemaNode, value: unknown): Issue[] {
  const issues: Issue[] = [];
  explain(node, value, [], issues);
  return issues;
}

const inputs = fc.oneof(
  anyValidEvent,
  garbage,
  anyValidEvent.map((event) => event.properties),
  anyValidEvent.map((event) => (event.properties as { changes?: unknown } | undefined)?.changes),
  fc.anything({ withNullPrototype: true, withObjectString: true, withSparseArray: true }),
  fc.constantFrom('voice', 'sms', 'email', 'fax', undefined),
  fc.record({ old_value: fc.anything(), new_value: fc.anything() }, { requiredKeys: [] }),
);

describe('generated validators', () => {
  it('exist for every exported schema', () => {
    expect(cases.map(([name]) => name).sort()).toStrictEqual([
      'attributeChangeSchema',
      'attributeChangesSchema',
      'callCompletedEventSchema',
      'callCompletedPropertiesSchema',
      'contactAttributeEditedEventSchema',
      'contactAttributeEditedPropertiesSchema',
      'contactExperimentAssignedEventSchema',
      'contactExperimentAssignedPropertiesSchema',
      'contactSubscribedEventSchema',
      'contactSubscriptionPropertiesSchema',
      'contactUnsubscribedEventSchema',
      'regalEventSchema',
      'regalTraitsSchema',
      'subscriptionChannelSchema',
    ]);
    for (const [, validator] of cases) {
      expect(typeof validator.accepts).toBe('function');
      expect(validator.node).toBeDefined();
    }
  });

  for (const [name, { schema, accepts, node }] of cases) {
    it(`${name}: accept/refuse and every issue message as zod's safeParse`, () => {
      let refused = 0;
      fc.assert(
        fc.property(inputs, (input) => {
          const expected = zodIssues(schema, input);
          expect(accepts(input)).toBe(expected.length === 0);
          expect(explained(node, input)).toStrictEqual(expected);
          if (expected.length > 0) refused++;
        }),
        { numRuns: 1000 },
      );
      // Both answers are exercised, not only one.
      expect(refused).toBeGreaterThan(0);
      expect(refused).toBeLessThan(1000);
    });
  }

  const edgeCases: [string, unknown][] = [
    ['a "__proto__" key', JSON.parse('{"__proto__": 1, "name": "call.completed"}')],
    ['an enumerable symbol key', { name: 'x', properties: { [Symbol('s')]: 'x' } }],
    ['a class instance as properties', { name: 'x', properties: new (class Box {})() }],
    ['a null-prototype object', Object.assign(Object.create(null), { name: 'sms.sent' })],
    ['an empty name', { name: '' }],
    ['an empty array as name (zod checks its length too)', { name: [] }],
    ['an object with a length as name', { name: { length: 0 } }],
    ['a lone surrogate as name', { name: '\ud800' }],
    ['Infinity as a time', { name: 'x', originalTimestamp: Number.POSITIVE_INFINITY }],
    ['NaN as a user id', { name: 'x', userId: Number.NaN }],
    ['a new_value left out', { changes: { a: { old_value: 1 } } }],
    ['an inherited key', Object.create({ name: 'call.completed', userId: 5 })],
    ['a channel that is not one', { channel: 'fax' }],
    ['a sparse objections array', { objections: [, 'a'] }], // eslint-disable-line no-sparse-arrays
  ];

  it.each(edgeCases)('agree with zod on %s', (_, input) => {
    for (const [, { schema, accepts, node }] of cases) {
      for (const value of [input, { name: 'contact.attribute.edited', properties: input }]) {
        const expected = zodIssues(schema, value);
        expect(accepts(value)).toBe(expected.length === 0);
        expect(explained(node, value)).toStrictEqual(expected);
      }
    }
  });

  it('word refusals as regal-braze does everywhere', () => {
    expect(
      explained(validators.CALL_COMPLETED_EVENT, {
        name: 'call.x',
        properties: objectFrom([
          ['objections', 5],
          ['campaign_friendly_id', true],
        ]),
      }),
    ).toStrictEqual([
      { path: ['name'], message: 'expected "call.completed", got "call.x"' },
      { path: ['properties', 'objections'], message: 'expected array or string, got number' },
      {
        path: ['properties', 'campaign_friendly_id'],
        message: 'expected string or number, got boolean',
      },
    ]);
  });
});
