// The testing kit sits on top: it may import the transforms, the errors and itself, Node's
// `module` (to load msw lazily) and msw's types — never msw at run time, never a client.
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

function importsOf(file: string): { specifier: string; typeOnly: boolean }[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(import|export)\s(type\s)?[^;]*?from\s+['"]([^'"]+)['"]/gm)].map(
    (match) => ({ specifier: match[3]!, typeOnly: match[2] !== undefined }),
  );
}

describe('testing kit boundaries', () => {
  const files = sourceFiles(join(SRC, 'testing'));

  it('finds the testing sources', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((file) => [relative(SRC, file), file]))(
    '%s imports only the transforms, errors, itself, node:module and msw types',
    (_, file) => {
      for (const { specifier, typeOnly } of importsOf(file)) {
        if (specifier === 'msw') {
          expect(typeOnly, `${file} imports msw at run time`).toBe(true);
        } else if (specifier.startsWith('.')) {
          const target = relative(SRC, resolve(join(file, '..'), specifier));
          expect(target).toMatch(
            /^(transforms|errors|shared|testing)\/|^\.\.\/test\/fixtures\/[\w.]+\.json$/,
          );
        } else {
          expect(specifier).toBe('node:module');
        }
      }
    },
  );

  it('is not part of the main entry', () => {
    for (const { specifier } of importsOf(join(SRC, 'index.ts'))) {
      expect(specifier).not.toMatch(/testing/);
    }
  });
});
