// DESIGN.md's module map for the new modules: braze -> http, transforms' Braze types, errors;
// webhook -> transforms, braze, errors, plus the http layer's logger and env helpers (never
// HttpClient: the bridge sends through BrazeClient). Neither uses a Node-only API, so both run
// in any fetch runtime (Bun, Deno, Workers, Next.js edge).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

function sourceFiles(folder: string): string[] {
  return readdirSync(join(SRC, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(SRC, folder, file));
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]/gm)].map(
    (match) => match[1]!,
  );
}

function code(file: string): string {
  return readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '');
}

function target(file: string, specifier: string): string {
  return relative(SRC, resolve(join(file, '..'), specifier));
}

const ALLOWED: Record<string, RegExp> = {
  braze: /^(braze|errors|http|transforms\/braze\/|transforms\/core\/utf8-length\.js$)/,
  webhook: /^(webhook|braze|errors|transforms|http\/(logger|env|redact|request-options)\.js$)/,
};

describe('module boundaries of braze and webhook', () => {
  for (const folder of ['braze', 'webhook']) {
    const files = sourceFiles(folder);

    it(`finds the ${folder} sources`, () => {
      expect(files.length).toBeGreaterThan(4);
    });

    it.each(files.map((file) => [relative(SRC, file), file]))(
      '%s imports within its bounds',
      (_, file) => {
        for (const specifier of imports(file)) {
          expect(specifier, 'no package import').toMatch(/^\./);
          expect(target(file, specifier)).toMatch(ALLOWED[folder]!);
        }
      },
    );

    it.each(files.map((file) => [relative(SRC, file), file]))(
      '%s uses no Node-only API',
      (_, file) => {
        const text = code(file);
        expect(text).not.toMatch(/from\s+['"]node:/);
        expect(text).not.toMatch(/\bBuffer\b/);
        expect(text).not.toMatch(/require\(/);
        expect(text).not.toMatch(/(?<![.?]\s*)\bprocess\./);
      },
    );
  }

  it('nothing in transforms imports braze or webhook', () => {
    for (const file of sourceFiles('transforms')) {
      for (const specifier of imports(file)) {
        expect(target(file, specifier)).not.toMatch(/^(braze|webhook)\//);
      }
    }
  });
});
