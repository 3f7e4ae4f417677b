// The testing kit sits on top: it may import the transforms, the errors and itself — never a
// client. Only regal-braze/testing/msw (src/testing/msw/) imports msw: regal-braze/testing needs
// no msw, types included.
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
    '%s imports only the transforms, errors and itself (and msw, in testing/msw)',
    (_, file) => {
      const mswEntry = relative(SRC, file).startsWith(join('testing', 'msw'));
      for (const { specifier } of importsOf(file)) {
        if (specifier === 'msw') {
          expect(mswEntry, `${file} imports msw outside testing/msw`).toBe(true);
        } else if (specifier.startsWith('.')) {
          const target = relative(SRC, resolve(join(file, '..'), specifier));
          expect(target).toMatch(
            /^(transforms|errors|testing)\/|^\.\.\/test\/fixtures\/[\w.]+\.json$/,
          );
        } else {
          expect.fail(`${file} imports ${specifier}`);
        }
      }
    },
  );

  it('keeps msw out of regal-braze/testing: nothing outside testing/msw imports from it', () => {
    for (const file of files.filter(
      (file) => !relative(SRC, file).startsWith(join('testing', 'msw')),
    )) {
      for (const { specifier } of importsOf(file).filter(({ specifier }) =>
        specifier.startsWith('.'),
      )) {
        expect(resolve(join(file, '..'), specifier), file).not.toContain(join('testing', 'msw'));
      }
    }
  });

  it('is not part of the main entry', () => {
    for (const { specifier } of importsOf(join(SRC, 'index.ts'))) {
      expect(specifier).not.toMatch(/testing/);
    }
  });
});
