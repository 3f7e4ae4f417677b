// The compiled guards decide what the transforms accept: they must answer exactly as zod does.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { compileGuard } from '../../src/transforms/core/guard.js';
import * as transforms from '../../src/transforms/index.js';
import { anyValidEvent, garbage, objectFrom } from '../support/arbitraries.js';

const schemas = Object.entries(transforms as Record<string, unknown>).filter(
  (entry): entry is [string, z.ZodMiniType] => entry[0].endsWith('Schema'),
);

describe('compileGuard', () => {
  it('covers every exported schema', () => {
    expect(schemas.map(([name]) => name).sort()).toStrictEqual([
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
  });

  const inputs = fc.oneof(
    anyValidEvent,
    garbage,
    anyValidEvent.map((event) => event.properties),
    anyValidEvent.map((event) => (event.properties as { changes?: unknown } | undefined)?.changes),
  );

  for (const [name, schema] of schemas) {
    it(`${name}: the guard agrees with zod on valid events and garbage`, () => {
      const guard = compileGuard(schema);
      fc.assert(
        fc.property(inputs, (input) => {
          expect(guard(input)).toBe(schema.safeParse(input).success);
        }),
        { numRuns: 500 },
      );
    });
  }

  it('agrees with zod on the edge cases zod treats specially', () => {
    const cases: [z.ZodMiniType, unknown][] = [
      [z.record(z.string(), z.string()), JSON.parse('{"__proto__": 1}')],
      [z.record(z.string(), z.string()), { [Symbol('s')]: 'x' }],
      [z.record(z.string(), z.string()), new (class Box {})()],
      [z.record(z.string(), z.string()), Object.create(null)],
      [z.array(z.string()), [, 'a']], // eslint-disable-line no-sparse-arrays
      [z.number(), Number.POSITIVE_INFINITY],
      [z.number(), Number.NaN],
      [z.string().check(z.minLength(2)), '😀'],
      [z.looseObject({ a: z.unknown() }), {}],
      [z.looseObject({ a: z.string() }), objectFrom([['b', 1]])],
      [z.catchall(z.object({}), z.string()), { a: 1 }],
      [z.catchall(z.object({}), z.string()), JSON.parse('{"__proto__": 1}')],
      [transforms.regalEventSchema, { name: '' }],
    ];
    for (const [schema, input] of cases) {
      expect(compileGuard(schema)(input)).toBe(schema.safeParse(input).success);
    }
  });

  it('refuses to compile schema features it does not implement', () => {
    expect(() => compileGuard(z.date())).toThrow('compileGuard: unsupported zod type "date"');
    expect(() => compileGuard(z.string().check(z.maxLength(3)))).toThrow(
      'compileGuard: unsupported zod check "max_length"',
    );
  });
});
