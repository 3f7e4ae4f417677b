// Field mapping (`properties`: omit, rename; `attributes`) is one thing in three places: the
// library's TransformOptions, the CLI's --omit/--rename/--attribute, and the OPTIONS of the
// generated code. Property test: the flags give the same options, the generated OPTIONS hold
// them, and the library, the CLI's `transform` and the generated code map events the same way.
import fc from 'fast-check';
import vm from 'node:vm';
import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { TRANSFORM_OPTIONS, transformOptionsFrom } from '../../src/cli/transform-options.js';
import {
  createTransformer,
  toBrazeTransformation,
  type PropertyRules,
  type TransformOptions,
} from '../../src/transforms/index.js';
import { resolveTransformOptions } from '../../src/transforms/options.js';
import { optionsForValidEvents, validEvents } from '../support/arbitraries.js';
import { runCli } from '../support/cli.js';
import { asJson, sdkOutcome, snippetFor, snippetOutcome } from '../support/equivalence.js';
import { fixture } from '../support/fixtures.js';

const EVENT_NAMES = [
  'call.completed',
  'contact.experiment.assigned',
  'sms.sent',
  'contact.unsubscribed',
];
/** Property names events carry (from the fixtures and generated events), and some hostile ones. */
const PROPERTY_NAMES = [
  'disposition',
  'notes',
  'talk_time',
  'agent_email',
  'contact_phone',
  'experiment_name',
  'experiment_variant',
  'content',
  'from_number',
  'source',
  'channel',
  'text',
  'time',
  '__proto__',
  'external_id',
];
const BRAZE_NAMES = [
  'call_disposition',
  'last_disposition',
  'time',
  'email',
  '$score',
  'plan.tier',
  'x',
];

const name = (names: readonly string[]) => fc.constantFrom(...names);
const omit = fc.uniqueArray(name(PROPERTY_NAMES), { minLength: 1, maxLength: 3 });
const rename = fc.dictionary(name(PROPERTY_NAMES), name(BRAZE_NAMES), { minKeys: 1, maxKeys: 2 });
const rules: fc.Arbitrary<PropertyRules> = fc.oneof(
  omit.map((list) => ({ omit: list })),
  rename.map((record) => ({ rename: record })),
  fc.tuple(omit, rename).map(([list, record]) => ({ omit: list, rename: record })),
);

/** Field-mapping options for some of the events, as a library user writes them. */
const mapping = fc
  .record({
    properties: fc.dictionary(
      name(EVENT_NAMES.filter((e) => e !== 'contact.unsubscribed')),
      rules,
      {
        maxKeys: 2,
      },
    ),
    attributes: fc.dictionary(
      name(EVENT_NAMES),
      fc.dictionary(name(BRAZE_NAMES), name(PROPERTY_NAMES), { minKeys: 1, maxKeys: 2 }),
      { maxKeys: 2 },
    ),
  })
  .map(({ properties, attributes }) => {
    const options: TransformOptions = { ...optionsForValidEvents };
    if (Object.keys(properties).length > 0) options.properties = properties;
    if (Object.keys(attributes).length > 0) options.attributes = attributes;
    return options;
  });

/** The same options as command-line flags, written independently of the CLI's own code. */
function flagsOf(options: TransformOptions): string[] {
  const flags = [
    '--subscription-group',
    'voice=group-voice',
    '--subscription-group',
    'sms=group-sms',
  ];
  flags.push('--subscription-group', 'email=group-email');
  for (const [event, eventRules] of Object.entries(options.properties ?? {})) {
    for (const property of eventRules.omit ?? []) flags.push(`--omit=${event}:${property}`);
    for (const [regal, braze] of Object.entries(eventRules.rename ?? {})) {
      flags.push(`--rename=${event}:${regal}=${braze}`);
    }
  }
  for (const [event, copies] of Object.entries(options.attributes ?? {})) {
    for (const [attribute, property] of Object.entries(copies)) {
      flags.push(`--attribute=${event}:${attribute}=${property}`);
    }
  }
  return flags;
}

function cliOptions(flags: string[]): TransformOptions {
  const { values } = parseArgs({ args: flags, options: TRANSFORM_OPTIONS, strict: true });
  return transformOptionsFrom(values, 'usage');
}

/** The OPTIONS constant of generated code, evaluated. */
function generatedOptions(code: string): unknown {
  const start = code.indexOf('const OPTIONS = {');
  const end = code.indexOf('\n};\n', start) + 3;
  const context = vm.createContext({});
  return JSON.parse(
    vm.runInContext(`${code.slice(start, end)}\nJSON.stringify(OPTIONS)`, context) as string,
  );
}

const events = fc.oneof(
  validEvents['call.completed'],
  validEvents['contact.experiment.assigned'],
  validEvents['contact.unsubscribed'],
  validEvents.generic.map((event) => ({ ...event, name: 'sms.sent' })),
);

describe('field mapping: library, CLI flags and generated OPTIONS are one thing', () => {
  it('the flags give the options; the generated OPTIONS are those options, checked', () => {
    fc.assert(
      fc.property(mapping, (options) => {
        expect(asJson(cliOptions(flagsOf(options)))).toStrictEqual(asJson(options));
        const code = toBrazeTransformation(options);
        expect(generatedOptions(code)).toStrictEqual(asJson(resolveTransformOptions(options)));
      }),
      { numRuns: 200 },
    );
  });

  it('the library and the generated code map events the same way under them', () => {
    let changed = 0;
    fc.assert(
      fc.property(mapping, fc.array(events, { minLength: 1, maxLength: 4 }), (options, batch) => {
        const run = snippetFor(options);
        const transform = createTransformer(options);
        for (const event of batch) {
          const payload = asJson(event);
          const expected = sdkOutcome(payload, options);
          expect(snippetOutcome(run, payload)).toStrictEqual(expected);
          if ('body' in expected) {
            expect(asJson(transform(payload))).toStrictEqual(expected.body);
            if (
              JSON.stringify(expected) !==
              JSON.stringify(sdkOutcome(payload, optionsForValidEvents))
            ) {
              changed++;
            }
          }
        }
      }),
      { numRuns: 300 },
    );
    // The options do change bodies: the property compares mappings, not only defaults.
    expect(changed).toBeGreaterThan(30);
  });

  it('the CLI transform command maps with the flags as the library does with the options', async () => {
    const samples = fc.sample(mapping, { numRuns: 6, seed: 7 });
    const batch = [
      fixture('call.completed'),
      fixture('sms.sent'),
      fixture('contact.unsubscribed'),
      ...fc.sample(events, { numRuns: 6, seed: 11 }),
    ].map(asJson);
    for (const options of samples) {
      const expected = batch.map((payload) => sdkOutcome(payload, options));
      const lines = batch.map((payload) => JSON.stringify(payload)).join('\n');
      const result = await runCli(['transform', '-', ...flagsOf(options)], { stdin: lines });
      if (expected.every((outcome) => 'body' in outcome)) {
        expect(result.code).toBe(0);
        const bodies = result.stdout
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as unknown);
        expect(bodies).toStrictEqual(
          expected.map((outcome) => ('body' in outcome ? (outcome.body ?? null) : null)),
        );
      } else {
        expect(result.code).toBe(1);
      }
      const generated = await runCli(['transformation', ...flagsOf(options)]);
      expect(generated.stdout).toBe(toBrazeTransformation(options));
    }
  });
});

describe('field mapping, by example', () => {
  const payload = fixture('call.completed');

  it("the partner page's first use case: an attribute from the call's disposition, in the same body", () => {
    const transform = createTransformer({
      properties: {
        'call.completed': {
          omit: ['notes', 'agent_id'],
          rename: { disposition: 'call_disposition' },
        },
      },
      attributes: {
        'call.completed': { last_call_disposition: 'disposition', external_id: 'call_id' },
      },
    });
    const body = transform(payload);
    expect(body).toStrictEqual({
      attributes: [
        {
          external_id: '123',
          _update_existing_only: false,
          last_call_disposition: 'Converted During Convo',
          // An attribute name never changes which user is updated: the key rules rename it.
          regal_external_id: 'WTxxxxx9',
        },
      ],
      events: [
        {
          external_id: '123',
          _update_existing_only: false,
          name: 'Call Completed',
          time: '2022-07-15T03:17:39.000Z',
          properties: {
            agent_firstname: 'Rebecca',
            agent_fullname: 'Rebecca Greene',
            direction: 'OUTBOUND',
            regal_voice_phone: '+19545558563',
            regal_voice_phone_internal_name: 'Sales Line',
            contact_phone: '+17625555555',
            call_id: 'WTxxxxx9',
            type: 'Outbound Call',
            call_disposition: 'Converted During Convo',
            campaign_name: 'Life Insurance Quote Follow Up',
            campaign_friendly_id: '445',
            started_at: 1657855046,
            ended_at: 1657855053,
            completed_at: 1657855059,
            talk_time: 7,
            wrapup_time: 6,
            handle_time: 13,
          },
        },
      ],
    });
  });

  it('a rename onto another property name is refused, not a silent overwrite', () => {
    const transform = createTransformer({
      properties: { 'call.completed': { rename: { disposition: 'notes' } } },
      keepNulls: true,
    });
    expect(() => transform(payload)).toThrow(
      'Invalid Regal call.completed event: properties.notes: maps to Braze key "notes", which another key already uses',
    );
  });
});
