// The "Regenerate it with: npx regal-braze transformation …" line: the CLI, given those
// arguments, rebuilds exactly the same options.
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TRANSFORM_OPTIONS, transformOptionsFrom } from '../../src/cli/transform-options.js';
import {
  regenerateCommand,
  shellQuote,
  transformationArguments,
} from '../../src/transforms/codegen/regenerate-command.js';
import { resolveTransformOptions } from '../../src/transforms/options.js';
import type { IdentifierKind, TransformOptions } from '../../src/transforms/index.js';

const text = fc
  .string({ minLength: 1, maxLength: 20, unit: 'grapheme' })
  .filter((s) => s.trim() !== '');

const options: fc.Arbitrary<TransformOptions> = fc.record(
  {
    identifiers: fc.shuffledSubarray<IdentifierKind>(
      ['external_id', 'email', 'phone', 'phone_alias'],
      {
        minLength: 1,
      },
    ),
    phoneAliasLabel: text,
    eventNames: fc.dictionary(
      text.filter((s) => !s.includes('=')),
      text,
      { maxKeys: 3 },
    ),
    subscriptionGroups: fc.record({ voice: text, sms: text, email: text }, { requiredKeys: [] }),
    keepNulls: fc.boolean(),
    updateExistingOnly: fc.boolean(),
    missingTime: fc.constantFrom('error' as const, 'now' as const),
  },
  { requiredKeys: [] },
);
const events = fc.option(fc.uniqueArray(text, { minLength: 1, maxLength: 3 }), { nil: undefined });

/** What the CLI makes of arguments: parsed as `regal-braze transformation` parses them. */
function fromArguments(args: string[]) {
  const { values } = parseArgs({
    args,
    options: { event: { type: 'string', multiple: true }, ...TRANSFORM_OPTIONS },
    strict: true,
  });
  return {
    transform: resolveTransformOptions(transformOptionsFrom(values, 'usage')),
    events: values.event,
  };
}

describe('transformationArguments', () => {
  it('gives arguments from which the CLI rebuilds the same options', () => {
    fc.assert(
      fc.property(options, events, (given, eventList) => {
        const resolved = resolveTransformOptions(given);
        const args = transformationArguments(resolved, eventList);
        if (args === undefined) return; // a value with a line break: no command line
        expect(fromArguments(args)).toEqual({ transform: resolved, events: eventList });
      }),
      { numRuns: 300 },
    );
  });

  it('leaves out options equal to their default', () => {
    expect(
      transformationArguments(
        resolveTransformOptions({
          identifiers: ['external_id', 'email', 'phone_alias'],
          keepNulls: false,
        }),
        undefined,
      ),
    ).toEqual([]);
  });

  it('gives up on what flags cannot say: "=" in a Regal name, a line break', () => {
    expect(
      transformationArguments(resolveTransformOptions({ eventNames: { 'a=b': 'X' } }), undefined),
    ).toBeUndefined();
    expect(
      transformationArguments(resolveTransformOptions({ phoneAliasLabel: 'a\nb' }), undefined),
    ).toBeUndefined();
    expect(
      regenerateCommand(resolveTransformOptions({ phoneAliasLabel: 'a\u2028b' }), undefined),
    ).toBeUndefined();
  });
});

describe('shellQuote', () => {
  it('quotes only what a POSIX shell would split or expand, and the shell gives it back', () => {
    const args = ['plain', 'sms.sent=SMS Sent', "it's", '$HOME', '`id`', '*', 'a\\b', '"q"', ''];
    expect(args.map(shellQuote)).toEqual([
      'plain',
      "'sms.sent=SMS Sent'",
      "'it'\\''s'",
      "'$HOME'",
      "'`id`'",
      "'*'",
      "'a\\b'",
      `'"q"'`,
      "''",
    ]);
    const echoed = execFileSync('sh', ['-c', `printf '%s\\n' ${args.map(shellQuote).join(' ')}`], {
      encoding: 'utf8',
    });
    expect(echoed).toBe(args.map((arg) => `${arg}\n`).join(''));
  });
});
