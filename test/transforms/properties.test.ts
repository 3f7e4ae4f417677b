// Property tests: generated valid events always give bodies Braze accepts; garbage gives a valid
// body or a PayloadError, never another exception; hostile names never change the user.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createTransformer,
  PayloadError,
  transformRegalEvent,
  ValidationError,
  validateUsersTrack,
  type TransformOptions,
  type UsersTrackRequest,
} from '../../src/transforms/index.js';
import {
  anyValidEvent,
  contactAttributeEditedEvent,
  e164Phone,
  email,
  garbage,
  nonDefaultOptions,
  optionsForValidEvents,
  validEvents,
} from '../support/arbitraries.js';
import {
  callCompletedPropertiesSchema,
  contactExperimentAssignedPropertiesSchema,
} from '../../src/transforms/schemas/index.js';
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

// The library maps the usual event (no OPTIONS.properties rules for it) by a shortcut; empty
// rules for the event take the general way. Both must give the same body or the same refusal.
describe('the shortcut for events without property rules', () => {
  function outcome(event: unknown, options: TransformOptions): unknown {
    try {
      return transformRegalEvent(event, options);
    } catch (error) {
      if (!(error instanceof PayloadError)) throw error;
      return { refused: error.message };
    }
  }
  // The same options with empty rules for the event, where the event takes rules at all.
  function generalWay(event: unknown, options: TransformOptions): TransformOptions | undefined {
    const name = (event as { name?: unknown } | null)?.name;
    if (typeof name !== 'string') return undefined;
    const withRules = { ...options, properties: { [name]: { omit: [] } } };
    try {
      createTransformer(withRules);
      return withRules;
    } catch (error) {
      if (error instanceof ValidationError) return undefined; // an event without properties
      throw error;
    }
  }
  const keepNulls = fc.boolean();

  it('gives what the general way gives, on valid events and on garbage', () => {
    fc.assert(
      fc.property(fc.oneof(anyValidEvent, garbage), keepNulls, (event, keep) => {
        const options = { ...optionsForValidEvents, keepNulls: keep };
        const general = generalWay(event, options);
        fc.pre(general !== undefined);
        expect(outcome(event, options)).toStrictEqual(outcome(event, general!));
      }),
      { numRuns: 2000 },
    );
  });

  // What the shortcut relies on: each mapping lists its schema's properties under their own names.
  it.each([
    ['call.completed', callCompletedPropertiesSchema],
    ['contact.experiment.assigned', contactExperimentAssignedPropertiesSchema],
  ] as const)('%s lists each property of its schema under its own name', (name, schema) => {
    // Each property a value of its own that its schema accepts.
    const properties = Object.fromEntries(
      Object.entries(schema.shape).map(([key, type]) => [
        key,
        [`v ${key}`, true].find((value) => type.safeParse(value).success),
      ]),
    );
    const body = transformRegalEvent({
      userId: 'u1',
      name,
      originalTimestamp: 1657855059,
      properties,
    });
    expect(body?.events?.[0]?.properties).toStrictEqual(properties);
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

// The fuzz of Braze's rules: whatever an agent sets or clears, under whichever identity, the
// transforms give a body Braze accepts (validateUsersTrack finds nothing) or refuse the event
// with a PayloadError — never a body Braze would refuse.
describe('fuzz: every output passes validateUsersTrack', () => {
  const FUZZ_RUNS = 10_000;
  const standardValue = fc.oneof(
    email,
    e164Phone,
    fc.constantFrom('', ' ', '  \t', null, '(762) 555-0100', 'Jane'),
    fc.string({ maxLength: 20 }),
  );
  const standardChanges = fc.dictionary(
    fc.constantFrom('email', 'phone', 'first_name', 'firstName', 'last_name', 'lastName'),
    fc.record({ old_value: standardValue, new_value: standardValue }),
    { maxKeys: 4 },
  );
  const identities = fc.constantFrom(
    ['external_id', 'email', 'phone_alias'] as const,
    ['email'] as const,
    ['phone'] as const,
    ['phone_alias'] as const,
    ['email', 'phone'] as const,
    ['phone', 'email'] as const,
  );
  const editedEvent = fc
    .tuple(contactAttributeEditedEvent, standardChanges)
    .map(([event, standard]) => {
      const properties = event.properties as { changes: Record<string, unknown> };
      return {
        ...event,
        properties: { ...properties, changes: { ...properties.changes, ...standard } },
      };
    });

  function check(
    event: unknown,
    options: TransformOptions,
    outcome: { bodies: number; refused: number },
  ) {
    let body: UsersTrackRequest | undefined;
    try {
      body = transformRegalEvent(event, options);
    } catch (error) {
      if (!(error instanceof PayloadError)) throw error;
      outcome.refused++;
      return;
    }
    if (body === undefined) return;
    outcome.bodies++;
    expect(validateUsersTrack(body)).toStrictEqual([]);
  }

  it(`${FUZZ_RUNS} attribute edits with standard fields set, cleared or blank, under every identity`, () => {
    const outcome = { bodies: 0, refused: 0 };
    fc.assert(
      fc.property(editedEvent, identities, fc.boolean(), (event, identifiers, keepNulls) => {
        check(event, { identifiers, keepNulls }, outcome);
      }),
      { numRuns: FUZZ_RUNS },
    );
    // Many edits map; the others are refused for a reason (an identifier the edit would change,
    // no usable identifier, two spellings of one field), never sent for Braze to refuse.
    expect(outcome.bodies).toBeGreaterThan(FUZZ_RUNS * 0.4);
  });

  it(`${FUZZ_RUNS} events of every kind, with non-default options and field mapping`, () => {
    const outcome = { bodies: 0, refused: 0 };
    const mapping: TransformOptions = {
      properties: {
        'call.completed': { omit: ['notes'], rename: { disposition: 'call_disposition' } },
      },
      attributes: {
        'call.completed': { last_call_disposition: 'disposition', email: 'agent_email' },
        'contact.attribute.edited': { last_editor: 'agent_email' },
        'contact.unsubscribed': { unsubscribed_from: 'source' },
      },
    };
    fc.assert(
      fc.property(
        fc.oneof(anyValidEvent, editedEvent),
        nonDefaultOptions,
        fc.boolean(),
        (event, options, mapped) => {
          check(event, mapped ? { ...options, ...mapping } : options, outcome);
        },
      ),
      { numRuns: FUZZ_RUNS },
    );
    expect(outcome.bodies).toBeGreaterThan(FUZZ_RUNS * 0.7);
  });
});
