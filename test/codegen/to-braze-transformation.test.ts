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
import { SDK_VERSION } from '../../src/shared/version.js';
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

  it('calls no built-in method added after ES2019 (it uses Object.fromEntries and flatMap)', () => {
    const members = new Set([...ALL_EVENTS.matchAll(/\.([A-Za-z]+)\(/g)].map((match) => match[1]));
    const later = [
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
    expect(members.has('fromEntries') && members.has('flatMap')).toBe(true);
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

  it('starts with what it is, the SDK version and the command that regenerates it', () => {
    expect(ONE_EVENT.split('\n').slice(0, 4)).toEqual([
      `// Braze Data Transformation for Regal reporting webhooks, generated by regal-braze ${SDK_VERSION}.`,
      '// Maps these Regal events to Braze /users/track bodies: call.completed.',
      '// Regenerate it with: npx regal-braze transformation --event call.completed',
      '// Edit OPTIONS and EVENTS below if you like; regenerate rather than edit the code after them.',
    ]);
    expect(ALL_EVENTS.split('\n').slice(1, 3)).toEqual([
      '// Maps every Regal event (routed on payload.name) to a Braze /users/track body.',
      '// Regenerate it with: npx regal-braze transformation',
    ]);
  });

  it('writes the options as readable constants, defaults included', () => {
    const code = toBrazeTransformation({
      events: ['call.completed', 'contact.unsubscribed'],
      identifiers: ['external_id', 'phone_alias'],
      eventNames: { 'call.completed': 'Regal Call Completed' },
      subscriptionGroups: { voice: 'c3d4' },
      keepNulls: true,
      updateExistingOnly: false,
    });
    const options = code.slice(code.indexOf('const OPTIONS'), code.indexOf('var regalBraze'));
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
      '};',
      '',
      'const EVENTS = ["call.completed", "contact.unsubscribed"];',
      '',
      '',
    ]);
    expect(code.split('\n')[2]).toBe(
      "// Regenerate it with: npx regal-braze transformation --event call.completed --event contact.unsubscribed --identifiers external_id,phone_alias --event-name 'call.completed=Regal Call Completed' --subscription-group voice=c3d4 --keep-nulls --update-existing-only false",
    );
    expect(ALL_EVENTS).toContain('\n  // updateExistingOnly: true,\n');
    expect(ALL_EVENTS).toContain('\nconst EVENTS = null;\n');
  });

  it('behaves as its OPTIONS say when a person edits them in Braze', () => {
    const payload = fixture('call.completed');
    const edited = ALL_EVENTS.replace('keepNulls: false,', 'keepNulls: true,');
    const result = runTransformation(edited, payload);
    expect(result).toEqual(asJson(transformRegalEvent(payload, { keepNulls: true })));
    expect(result).toMatchObject({ events: [{ properties: { notes: null } }] });
    const broken = ALL_EVENTS.replace('keepNulls: false,', 'keepNulls: "yes",');
    expect(snippetOutcome(compileTransformation(broken), payload)).toEqual({
      refused: {
        name: 'ValidationError',
        message: 'Invalid TransformOptions: keepNulls: must be a boolean',
      },
    });
  });

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

  it('measures: under 50 KB for every event, about the same for one', () => {
    expect(ALL_EVENTS.length).toBeLessThan(50_000);
    expect(Math.abs(ONE_EVENT.length - ALL_EVENTS.length)).toBeLessThan(200);
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
