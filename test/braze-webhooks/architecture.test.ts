// The webhook templates are pure: they import RegalClient's body rules (src/regal/validation),
// its defaults, the error classes and the option helpers of the http layer — never ky, an HTTP
// client, a Regal or Braze client, Node built-ins or the CLI.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');
const DIR = join(SRC, 'braze-webhooks');
const ALLOWED =
  /^(braze-webhooks\/|errors\/|regal\/validation\/|regal\/defaults\.ts$|http\/request-options\.ts$)/;

describe('braze-webhooks boundaries', () => {
  const files = readdirSync(DIR).filter((file) => file.endsWith('.ts'));

  it('finds the sources', () => {
    expect(files.length).toBeGreaterThan(4);
  });

  it.each(files)('%s imports only pure modules', (file) => {
    const text = readFileSync(join(DIR, file), 'utf8');
    for (const [, specifier] of text.matchAll(
      /^(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]/gm,
    )) {
      expect(specifier, `${file} imports ${specifier}`).toMatch(/^\./);
      const target = relative(SRC, resolve(DIR, specifier!)).replace(/\.js$/, '.ts');
      expect(target, `${file} imports ${target}`).toMatch(ALLOWED);
    }
  });

  it('what it imports from regal and http loads no client either', () => {
    for (const file of [
      'regal/defaults.ts',
      'http/request-options.ts',
      ...readdirSync(join(SRC, 'regal/validation')).map((name) => `regal/validation/${name}`),
    ]) {
      const text = readFileSync(join(SRC, file), 'utf8');
      expect(text, file).not.toMatch(
        /from\s+['"](ky|node:[^'"]+|\.\.?\/(?:\.\.\/)*(?:http\/http-client|regal\/regal-client|braze\/)[^'"]*)['"]/,
      );
    }
  });
});
