// Property tests: generated valid events always give bodies Braze accepts; garbage gives a valid
// body or a PayloadError, never another exception; hostile names never change the user.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PayloadError,
  transformRegalEvent,
  validateUsersTrack,
  type UsersTrackRequest,
} from '../../src/transforms/index.js';
import {
  anyValidEvent,
  contactAttributeEditedEvent,
  garbage,
  nonDefaultOptions,
  optionsForValidEvents,
  validEvents,
} from '../support/arbitraries.js';
import { deepFreeze } from '../support/deep-freeze.js';

const RUNS = 300;

function identifiersOf(body: UsersTrackRequest) {
  return [...(body.attributes ?? []), ...(body.events ?? [])].map((object) => ({
    external_id: object.external_id,
    user_alias: object.user_alias,
    braze_id: object.braze_id,
    email: object.email,
    phone: object.phone,
    _update_existing_only: object._update_existing_only,
  }));
}

describe('generated valid events', () => {
  for (const [kind, arbitrary] of Object.entries(validEvents)) {
    it(`${kind}: the body always passes the Braze validator`, () => {
      fc.assert(
        fc.property(arbitrary, (event) => {
          const body = transformRegalEvent(event, optionsForValidEvents);
          expect(validateUsersTrack(body)).toStrictEqual([]);
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('with non-default options too', () => {
    fc.assert(
      fc.property(anyValidEvent, nonDefaultOptions, (event, options) => {
        expect(validateUsersTrack(transformRegalEvent(event, options))).toStrictEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it('never mutate their input, and give the same body twice', () => {
    fc.assert(
      fc.property(anyValidEvent, (event) => {
        const frozen = deepFreeze(structuredClone(event));
        expect(transformRegalEvent(frozen, optionsForValidEvents)).toStrictEqual(
          transformRegalEvent(event, optionsForValidEvents),
        );
      }),
      { numRuns: RUNS },
    );
  });
});

describe('garbage', () => {
  it('gives a valid body, undefined, or a PayloadError — never another exception', () => {
    fc.assert(
      fc.property(garbage, (input) => {
        try {
          const body = transformRegalEvent(input, optionsForValidEvents);
          if (body !== undefined) expect(validateUsersTrack(body)).toStrictEqual([]);
        } catch (error) {
          if (!(error instanceof PayloadError)) throw error;
          expect(error.issues.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('hostile attribute names', () => {
  it('never change which user is updated, nor how', () => {
    fc.assert(
      fc.property(contactAttributeEditedEvent, nonDefaultOptions, (event, options) => {
        const plain = structuredClone(event) as {
          properties: { changes: Record<string, unknown> };
        };
        plain.properties.changes = {};
        expect(identifiersOf(transformRegalEvent(event, options)!)).toStrictEqual(
          identifiersOf(transformRegalEvent(plain, options)!),
        );
        expect(Object.prototype).not.toHaveProperty('polluted');
      }),
      { numRuns: RUNS },
    );
  });
});
