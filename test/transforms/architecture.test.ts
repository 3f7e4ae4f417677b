// DESIGN.md: nothing imports "upward". The transforms entry must run anywhere: it may import
// zod and the error classes, never ky, an HTTP client, Node built-ins or another module.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]/gm)].map(
    (match) => match[1]!,
  );
}

describe('module boundaries', () => {
  const transforms = sourceFiles(join(SRC, 'transforms')).filter(
    (file) => !file.endsWith('.test.ts'),
  );

  it('finds the transforms sources', () => {
    expect(transforms.length).toBeGreaterThan(10);
  });

  it.each(transforms.map((file) => [relative(SRC, file), file]))(
    '%s imports only zod, errors and transforms',
    (_, file) => {
      for (const specifier of importsOf(file)) {
        if (!specifier.startsWith('.')) {
          expect(specifier).toMatch(/^zod(\/mini)?$/);
          continue;
        }
        const target = relative(SRC, resolve(join(file, '..'), specifier));
        expect(target).toMatch(/^(transforms|errors|shared)\//);
      }
    },
  );

  it('errors import nothing but each other', () => {
    for (const file of sourceFiles(join(SRC, 'errors'))) {
      for (const specifier of importsOf(file)) expect(specifier).toMatch(/^(\.\/|\.\.\/shared\/)/);
    }
  });
});
