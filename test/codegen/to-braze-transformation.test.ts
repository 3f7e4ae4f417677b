// The generated Data Transformation as code: ES2018, self-contained, readable options, checked
// options, safe against hostile option values, and faithful to Braze's published templates.
import { parse } from 'acorn';
import { Linter } from 'eslint';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import {
  toBrazeTransformation,
  transformRegalEvent,
  ValidationError,
  type BrazeTransformationOptions,
} from '../../src/transforms/index.js';
import { formatJavaScript } from '../../scripts/generate/format.js';
import { SNIPPET_STYLE } from '../../scripts/generate/transformation-parts.js';
import { SDK_VERSION } from '../../src/common/version.js';
import { asJson, sdkOutcome, snippetOutcome } from '../support/equivalence.js';
import { fixture, fixtureNames, seedTemplate } from '../support/fixtures.js';
import { compileTransformation, runTransformation, withoutNulls } from '../support/run-in-vm.js';

const ALL_EVENTS = toBrazeTransformation();
const ONE_EVENT = toBrazeTransformation({ events: ['call.completed'] });
const HOSTILE: BrazeTransformationOptions = {
  events: ['sms.sent', '__proto__', 'x\u2028y'],
  eventNames: {
    'sms.sent': 'Sent\nreturn process.exit(1); //\u2028*/ "\'`${x}`',
    // A computed key: an own "__proto__" property, as JSON.parse makes it, not the prototype.
    ['__proto__' as string]: 'Proto Event',
  },
  phoneAliasLabel: "it's \u2029 a label",
  subscriptionGroups: { voice: '</script>' },
};
const SNIPPETS: [string, string][] = [
  ['every event', ALL_EVENTS],
  ['one event', ONE_EVENT],
  ['hostile option values', toBrazeTransformation(HOSTILE)],
];

function parseEs2018(code: string) {
  return parse(code, { ecmaVersion: 2018, sourceType: 'script', allowReturnOutsideFunction: true });
}

const linter = new Linter();

/** Identifiers the code uses without declaring them, other than ES2018's standard built-ins. */
function freeIdentifiers(code: string): string[] {
  const messages = linter.verify(code, {
    languageOptions: {
      ecmaVersion: 2018,
      sourceType: 'script',
      // Bound by Braze. And no code generation from strings, which a sandbox may forbid.
      globals: { payload: 'readonly', headers: 'readonly', Function: 'off', eval: 'off' },
      parserOptions: { ecmaFeatures: { globalReturn: true } },
    },
    rules: { 'no-undef': ['error', { typeof: true }] },
  });
  return messages.map((message) => message.message);
}

describe('the generated code', () => {
  it.each(SNIPPETS)('%s: parses as an ES2018 script with a top-level return', (_, code) => {
    const program = parseEs2018(code);
    expect(program.body.at(-1)?.type).toBe('ReturnStatement');
  });

  it('the ES2018 check rejects later syntax (so it can fail)', () => {
    expect(() => parseEs2018('return payload?.name ?? null;')).toThrow(SyntaxError);
  });

  it.each(SNIPPETS)(
    '%s: uses no free identifier but payload, headers and ES2018 built-ins',
    (_, code) => {
      expect(freeIdentifiers(code)).toEqual([]);
    },
  );

  it('the free-identifier check catches host globals, even under typeof (so it can fail)', () => {
    expect(
      freeIdentifiers(
        'typeof navigator; globalThis.x = 1; process.env; require("fs"); new Function("");',
      ),
    ).toEqual([
      "'navigator' is not defined.",
      "'globalThis' is not defined.",
      "'process' is not defined.",
      "'require' is not defined.",
      "'Function' is not defined.",
    ]);
  });

  it('calls no built-in method added after ES2018', () => {
    const members = new Set([...ALL_EVENTS.matchAll(/\.([A-Za-z]+)\(/g)].map((match) => match[1]));
    const later = [
      'fromEntries',
      'flat',
      'flatMap',
      'trimStart',
      'trimEnd',
      'replaceAll',
      'at',
      'hasOwn',
      'matchAll',
      'allSettled',
      'any',
      'findLast',
      'findLastIndex',
      'toSorted',
      'toReversed',
      'toSpliced',
      'groupBy',
      'fromAsync',
      'isWellFormed',
      'toWellFormed',
    ];
    expect(later.filter((name) => members.has(name))).toEqual([]);
    // The check sees method calls (so it can fail).
    expect(members.has('toISOString') && members.has('getOwnPropertySymbols')).toBe(true);
  });

  it('runs where code generation from strings is forbidden, and leaves the global object as it was', () => {
    const context = vm.createContext({}, { codeGeneration: { strings: false, wasm: false } });
    const globalsBefore = vm.runInContext('Object.getOwnPropertyNames(this).sort()', context) as [];
    const run = vm.runInContext(`(function (payload, headers) {\n${ALL_EVENTS}\n})`, context) as (
      payload: unknown,
      headers: unknown,
    ) => unknown;
    const parseJson = vm.runInContext('JSON.parse', context) as (text: string) => unknown;
    for (const name of fixtureNames) {
      const payload = fixture(name);
      let result: unknown;
      try {
        result = asJson(run(parseJson(JSON.stringify(payload)), {}));
      } catch (error) {
        result = (error as Error).message;
      }
      const expected = sdkOutcome(payload, undefined);
      expect(result).toEqual('body' in expected ? expected.body : expected.refused.message);
    }
    expect(vm.runInContext('Object.getOwnPropertyNames(this).sort()', context)).toEqual(
      globalsBefore,
    );
  });

  it('starts with what it is, the SDK version, the command that regenerates it, what may be edited', () => {
    expect(ONE_EVENT.split('\n').slice(0, 9)).toEqual([
      `// Braze Data Transformation for Regal reporting webhooks, generated by regal-braze ${SDK_VERSION}.`,
      '// Maps these Regal events to Braze /users/track bodies: call.completed.',
      '// Regenerate it with:',
      '//   npx regal-braze transformation --event call.completed',
      '//',
      "// What you may edit: OPTIONS (how events are mapped: the same options as regal-braze's",
      '// TransformOptions and CLI flags), MAPPINGS (which events, by which function) and the mapping',
      '// functions after them (what each Braze field is set to). The helpers after "Shared helpers"',
      "// are regal-braze's own code, as transformRegalEvent runs it: regenerate rather than edit them.",
    ]);
    expect(ALL_EVENTS.split('\n').slice(1, 4)).toEqual([
      '// Maps every Regal event (routed on payload.name) to a Braze /users/track body.',
      '// Regenerate it with:',
      '//   npx regal-braze transformation',
    ]);
  });

  it('writes the options as readable constants, defaults included, then which function maps which event', () => {
    const code = toBrazeTransformation({
      events: ['call.completed', 'contact.unsubscribed'],
      identifiers: ['external_id', 'phone_alias'],
      eventNames: { 'call.completed': 'Regal Call Completed' },
      subscriptionGroups: { voice: 'c3d4' },
      keepNulls: true,
      updateExistingOnly: false,
      properties: { 'call.completed': { omit: ['notes'] } },
      attributes: { 'call.completed': { last_call_disposition: 'disposition' } },
    });
    const options = code.slice(
      code.indexOf('const OPTIONS'),
      code.indexOf('// ---- call.completed'),
    );
    expect(options.split('\n').filter((line) => !line.trimStart().startsWith('//'))).toEqual([
      'const OPTIONS = {',
      '  identifiers: ["external_id", "phone_alias"],',
      '  phoneAliasLabel: "phone",',
      '  eventNames: {',
      '    "call.completed": "Regal Call Completed",',
      '  },',
      '  subscriptionGroups: {',
      '    voice: "c3d4",',
      '  },',
      '  updateExistingOnly: false,',
      '  keepNulls: true,',
      '  missingTime: "error",',
      '  properties: {',
      '    "call.completed": { omit: ["notes"] },',
      '  },',
      '  attributes: {',
      '    "call.completed": { last_call_disposition: "disposition" },',
      '  },',
      '};',
      '',
      'const MAPPINGS = {',
      '  "call.completed": mapCallCompleted,',
      '  "contact.unsubscribed": mapContactUnsubscribed,',
      '};',
      '',
      '',
    ]);
    expect(code.split('\n').slice(2, 8)).toEqual([
      '// Regenerate it with:',
      '//   npx regal-braze transformation --event call.completed --event contact.unsubscribed \\',
      "//     --identifiers external_id,phone_alias --event-name 'call.completed=Regal Call Completed' \\",
      '//     --subscription-group voice=c3d4 --keep-nulls --update-existing-only false \\',
      '//     --omit call.completed:notes --attribute call.completed:last_call_disposition=disposition',
      '//',
    ]);
    expect(ALL_EVENTS).toContain('\n  // updateExistingOnly: true,\n');
  });

  it('behaves as its OPTIONS say when a person edits them in Braze', () => {
    const payload = fixture('call.completed');
    for (const [from, to, options] of [
      ['keepNulls: false,', 'keepNulls: true,', { keepNulls: true }],
      [
        'properties: {},',
        'properties: { "call.completed": { omit: ["notes", "talk_time"] } },',
        { properties: { 'call.completed': { omit: ['notes', 'talk_time'] } } },
      ],
      [
        'attributes: {},',
        'attributes: { "call.completed": { last_call_disposition: "disposition" } },',
        { attributes: { 'call.completed': { last_call_disposition: 'disposition' } } },
      ],
    ] as const) {
      const edited = ALL_EVENTS.replace(from, to);
      expect(edited).not.toBe(ALL_EVENTS);
      const result = runTransformation(edited, payload);
      expect(result).toEqual(asJson(transformRegalEvent(payload, options)));
      expect(result).not.toEqual(asJson(transformRegalEvent(payload)));
    }
  });

  it('has one mapping function per event where each Braze property is set, in one place', () => {
    const payload = fixture('call.completed');
    expect(ONE_EVENT.match(/disposition: p\.disposition,/g)).toHaveLength(1);
    const renamed = ONE_EVENT.replace(
      'disposition: p.disposition,',
      'call_disposition: p.disposition,',
    );
    const body = runTransformation(renamed, payload) as { events: { properties: object }[] };
    expect(body.events[0]!.properties).toMatchObject({
      call_disposition: 'Converted During Convo',
    });
    expect(body.events[0]!.properties).not.toHaveProperty('disposition');
    const dropped = ONE_EVENT.replace('    disposition: p.disposition,\n', '');
    const without = runTransformation(dropped, payload) as { events: { properties: object }[] };
    expect(without.events[0]!.properties).not.toHaveProperty('disposition');
    expect(without.events[0]!.properties).toMatchObject({ talk_time: 7 });
  });

  it('holds only the code the selected events need, and no zod', () => {
    for (const absent of [
      'function mapContactAttributeEdited',
      'function setStandardField',
      'CONTACT_ATTRIBUTE_EDITED_EVENT',
      'function subscriptionBody',
      'function mapOtherEvent',
    ]) {
      expect(ONE_EVENT).not.toContain(absent);
      expect(ALL_EVENTS).toContain(absent);
    }
    expect(ALL_EVENTS).not.toMatch(/_zod|safeParse|zod\/mini/);
  });

  it.each(SNIPPETS)(
    '%s: formatted (prettier leaves it as it is), no line over 120 characters',
    async (_, code) => {
      expect(await formatJavaScript(code, SNIPPET_STYLE)).toBe(code);
      expect(code.split('\n').filter((line) => line.length > 120)).toEqual([]);
    },
  );

  it('keeps hostile option values inert: as data, same behaviour as transformRegalEvent', () => {
    const run = compileTransformation(toBrazeTransformation(HOSTILE));
    const { events: _events, ...options } = HOSTILE;
    const sms = fixture('sms.sent');
    const proto = { ...fixture('sms.sent'), name: '__proto__' };
    for (const payload of [sms, proto]) {
      expect(snippetOutcome(run, payload)).toEqual(sdkOutcome(payload, options));
    }
    expect(run(sms)).toMatchObject({
      events: [{ name: HOSTILE.eventNames!['sms.sent'] }],
    });
    expect(run(proto)).toMatchObject({ events: [{ name: 'Proto Event' }] });
  });

  it('says how to regenerate when the options cannot be written as flags', () => {
    const code = toBrazeTransformation({ eventNames: { 'odd=name': 'Odd' } });
    expect(code.split('\n')[2]).toBe(
      '// Regenerate it with toBrazeTransformation() from regal-braze (its options cannot be CLI flags).',
    );
  });

  it('measures: one event is a fraction of every event (npm run bench prints the sizes)', () => {
    expect(ONE_EVENT.length).toBeLessThan(ALL_EVENTS.length * 0.8);
    expect(ALL_EVENTS.length).toBeLessThan(40_000);
  });
});

describe('toBrazeTransformation options', () => {
  it('refuses bad options with a ValidationError listing every problem', () => {
    const bad = {
      events: ['call.completed', '', 'call.completed', 7],
      identifiers: ['external_id', 'phone_number'],
      keepNulls: 'yes',
      color: 'blue',
    } as unknown as BrazeTransformationOptions;
    expect(() => toBrazeTransformation(bad)).toThrow(ValidationError);
    expect(() => toBrazeTransformation(bad)).toThrow(
      'Invalid BrazeTransformationOptions: color: unknown option; identifiers[1]: must be one of external_id, email, phone_alias, phone; keepNulls: must be a boolean; events[1]: must be a non-empty string; events[2]: "call.completed" is listed twice; events[3]: must be a non-empty string',
    );
  });

  it.each([
    [[], 'events: must name at least one event (leave it out to map every event)'],
    ['call.completed', 'events: must be an array of Regal event names'],
  ])('refuses events %j', (events, message) => {
    expect(() =>
      toBrazeTransformation({ events } as unknown as BrazeTransformationOptions),
    ).toThrow(`Invalid BrazeTransformationOptions: ${message}`);
  });

  it('refuses options that are not an object', () => {
    expect(() => toBrazeTransformation([] as unknown as BrazeTransformationOptions)).toThrow(
      'Invalid BrazeTransformationOptions: must be an object',
    );
  });
});

describe("Braze's published templates", () => {
  it.each([
    'call.completed',
    'contact.attribute.edited',
    'contact.experiment.assigned',
    'contact.unsubscribed',
  ])(
    '%s: a one-event snippet returns what the template returns on its payload (modulo nulls)',
    (name) => {
      const payload = fixture(name);
      const code = toBrazeTransformation({
        events: [name],
        subscriptionGroups: { voice: 'YOUR SUBSCRIPTION GROUP ID' },
      });
      const expected = withoutNulls(runTransformation(seedTemplate(name), payload));
      expect(runTransformation(code, payload)).toEqual(expected);
      expect(expected).not.toEqual({});
    },
  );

  it('call.completed with keepNulls: exactly what the template returns, nulls and all', () => {
    const payload = fixture('call.completed');
    expect(
      runTransformation(
        toBrazeTransformation({ events: ['call.completed'], keepNulls: true }),
        payload,
      ),
    ).toEqual(runTransformation(seedTemplate('call.completed'), payload));
  });
});
