// The clients run in any fetch runtime: no Node module, Buffer or bare `process` in their code.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../../src', import.meta.url));

function sourceFiles(folder: string): string[] {
  return readdirSync(join(src, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(src, folder, file));
}

/** Code without comments, so that prose mentioning Node does not count. */
function code(file: string): string {
  return readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '');
}

describe('no Node-only API in the clients', () => {
  const files = [...sourceFiles('http'), ...sourceFiles('regal')];

  it('finds the client sources', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((file) => [file.slice(src.length + 1), file]))('%s', (_name, file) => {
    const text = code(file);
    expect(text).not.toMatch(/from\s+['"]node:/);
    expect(text).not.toMatch(/\bBuffer\b/);
    expect(text).not.toMatch(/require\(/);
    // process.env is read through globalThis, guarded, in http/env.ts only.
    expect(text).not.toMatch(/(?<![.?]\s*)\bprocess\./);
  });
});
