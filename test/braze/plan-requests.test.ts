// The batching rule: fits says what one /users/track request may hold; planRequests
// (behind BrazeClient.track) cuts by it. Properties over generated bodies: every object exactly
// once and in order, every request within the rule and the byte cap, the JSON text exactly
// JSON.stringify(body), and ceil(all / 75) requests when only the count binds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fits,
  planRequests,
  objectCountsOf,
  requestLimitsOf,
  type RequestLimits,
} from '../../src/braze/plan-requests.js';
import type { UsersTrackRequest } from '../../src/index.js';

const ARRAYS = ['attributes', 'events', 'purchases'] as const;

function countsOf(body: UsersTrackRequest) {
  return ARRAYS.map((array) => body[array]?.length ?? 0) as [number, number, number];
}

describe('fits', () => {
  const counts = (attributes: number, events: number, purchases: number, bytes = 0) => ({
    attributes,
    events,
    purchases,
    bytes,
  });

  it("'75-combined' (the default): 75 objects in all", () => {
    const limits = requestLimitsOf('75-combined');
    expect(fits(limits, counts(25, 25, 25))).toBe(true);
    expect(fits(limits, counts(25, 25, 26))).toBe(false);
    expect(fits(limits, counts(0, 76, 0))).toBe(false);
  });

  it("'50-combined': 50 objects in all", () => {
    const limits = requestLimitsOf('50-combined');
    expect(fits(limits, counts(20, 20, 10))).toBe(true);
    expect(fits(limits, counts(20, 20, 11))).toBe(false);
  });

  it("'75-per-array': 75 in each array, 225 in all", () => {
    const limits = requestLimitsOf('75-per-array');
    expect(fits(limits, counts(75, 75, 75))).toBe(true);
    expect(fits(limits, counts(76, 0, 0))).toBe(false);
  });

  it('4 MB of JSON: the objects, a comma between two and the arrays around them', () => {
    const limits = requestLimitsOf('75-combined');
    const frame = JSON.stringify({ attributes: [], events: [], purchases: [] }).length;
    expect(fits(limits, counts(1, 1, 0, 4_000_000 - 2 - frame))).toBe(true);
    expect(fits(limits, counts(1, 1, 0, 4_000_000 - 1 - frame))).toBe(false);
  });

  it('counts without bytes: only the object rule is checked', () => {
    const limits = { ...requestLimitsOf('75-combined'), bytes: 10 };
    expect(fits(limits, { attributes: 40, events: 35, purchases: 0 })).toBe(true);
    expect(fits(limits, { attributes: 40, events: 35, purchases: 0, bytes: 100 })).toBe(false);
  });

  it('objectCountsOf measures a body in UTF-8 bytes', () => {
    const body: UsersTrackRequest = {
      attributes: [{ external_id: 'é', plan: '€' }],
      events: [{ external_id: 'u', name: 'X', time: '2024-05-01T10:00:00Z' }],
    };
    const bytes = [...body.attributes!, ...body.events!].reduce(
      (sum, object) => sum + Buffer.byteLength(JSON.stringify(object)),
      0,
    );
    expect(objectCountsOf(body)).toEqual({ attributes: 1, events: 1, purchases: 0, bytes });
  });
});

const object = fc.record({
  external_id: fc.string({ maxLength: 8 }),
  note: fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 40 })),
});
const body = fc.record(
  {
    attributes: fc.array(object, { maxLength: 90 }),
    events: fc.array(object, { maxLength: 90 }),
    purchases: fc.array(object, { maxLength: 20 }),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<UsersTrackRequest>;
const rule = fc.constantFrom('75-combined', '50-combined', '75-per-array') as fc.Arbitrary<
  '75-combined' | '50-combined' | '75-per-array'
>;

describe('planRequests', () => {
  it('keeps every object once, in order; each request fits; its text is its body as JSON', () => {
    fc.assert(
      fc.property(
        fc.array(body, { maxLength: 6 }),
        rule,
        fc.option(fc.integer({ min: 1, max: 75 }), { nil: undefined }),
        fc.option(fc.integer({ min: 200, max: 20_000 }), { nil: undefined }),
        (bodies, name, maxObjects, bytes) => {
          const base = requestLimitsOf(name, maxObjects);
          const limits: RequestLimits = bytes === undefined ? base : { ...base, bytes };
          const plan = planRequests(bodies, limits);
          for (const request of plan) {
            expect(request.text).toBe(JSON.stringify(request.body));
            const [attributes, events, purchases] = countsOf(request.body);
            expect(request.size).toBe(attributes + events + purchases);
            const alone = request.size === 1;
            const objects = ARRAYS.flatMap((array): unknown[] => request.body[array] ?? []);
            const objectBytes = objects.reduce<number>(
              (sum, o) => sum + Buffer.byteLength(JSON.stringify(o)),
              0,
            );
            const counts = { attributes, events, purchases, bytes: objectBytes };
            expect(alone || fits(limits, counts)).toBe(true);
            expect(alone || Buffer.byteLength(request.text) <= limits.bytes).toBe(true);
          }
          for (const array of ARRAYS) {
            const given = bodies.flatMap((b, i) => (b[array] ?? []).map((o, j) => [o, i, j]));
            const planned = plan.flatMap((request) =>
              (request.body[array] ?? []).map((o, k) => [
                o,
                request.slots[array][k]!.body,
                request.slots[array][k]!.index,
              ]),
            );
            expect(planned).toEqual(given);
          }
          if (bytes === undefined && maxObjects === undefined && name !== '75-per-array') {
            const all = bodies.reduce((sum, b) => sum + countsOf(b).reduce((x, y) => x + y), 0);
            expect(plan).toHaveLength(Math.ceil(all / (name === '75-combined' ? 75 : 50)));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
