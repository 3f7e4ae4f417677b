// The module map of src/ (ARCHITECTURE.md draws it): each folder, what it may import, and whether
// it must run in any fetch runtime. Nothing imports "upward"; a new folder or dependency is one
// row or one entry here, and every file of src/ must belong to a row.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

interface ModuleRule {
  /** Folders of src/, or single files (`http/logger.ts`), this module may import besides itself. */
  readonly imports: readonly string[];
  /** Packages it may import (`node:*` for any Node built-in); `type:` for type-only imports. */
  readonly packages: readonly string[];
  /** Must run in Bun, Deno, Workers, edge runtimes: no Node built-in, `Buffer`, `require`, `process.`. */
  readonly anyRuntime: boolean;
  /** Files of the module exempt from `anyRuntime` (reached through an interface only). */
  readonly nodeOnly?: readonly string[];
  /** Files or folders its imports must never lead to, however indirectly (`ky` for the package). */
  readonly neverReaches?: readonly string[];
}

const MODULE_MAP: Readonly<Record<string, ModuleRule>> = {
  common: { imports: [], packages: [], anyRuntime: true },
  errors: { imports: ['common'], packages: [], anyRuntime: true },
  transforms: { imports: ['common', 'errors'], packages: ['zod/mini', 'zod'], anyRuntime: true },
  http: { imports: ['common', 'errors'], packages: ['ky'], anyRuntime: true },
  regal: {
    imports: ['common', 'errors', 'http'],
    packages: ['libphonenumber-js/max'],
    anyRuntime: true,
  },
  braze: {
    imports: [
      'common',
      'errors',
      'http',
      'transforms/users-track',
      'transforms/core/utf8-length.ts',
    ],
    packages: [],
    anyRuntime: true,
  },
  webhook: {
    // Never HttpClient: the bridge sends through BrazeClient.
    imports: [
      'common',
      'errors',
      'transforms',
      'braze',
      'http/logger.ts',
      'http/redact.ts',
      'http/request-options.ts',
    ],
    packages: ['node:sqlite'],
    anyRuntime: true,
    // The embedded queue; everything else of the bridge runs wherever Request/Response exist.
    nodeOnly: ['webhook/queue/sqlite-queue.ts'],
  },
  // Braze webhook templates: pure, built from RegalClient's own body rules, never a client.
  'braze-webhooks': {
    imports: ['common', 'errors', 'regal/validation', 'regal/defaults.ts'],
    packages: [],
    anyRuntime: true,
    neverReaches: ['ky', 'http/http-client.ts', 'regal/regal-client.ts', 'braze'],
  },
  // The testing kit sits on top of the transforms; never a client, never msw (types included).
  testing: {
    imports: ['common', 'errors', 'transforms'],
    packages: [],
    anyRuntime: true,
  },
  // regal-braze/testing/msw: the msw mocks of both APIs, on top of the testing kit.
  'testing/msw': {
    imports: ['common', 'errors', 'transforms', 'testing'],
    packages: ['msw'],
    anyRuntime: true,
  },
  cli: {
    imports: [
      'common',
      'errors',
      'http/logger.ts',
      'http/redact.ts',
      'transforms',
      'braze',
      'webhook',
      'braze-webhooks',
    ],
    packages: ['node:*'],
    anyRuntime: false,
  },
  // src/index.ts, the main entry: every module but the testing kit and the CLI.
  'index.ts': {
    imports: ['errors', 'transforms', 'http', 'regal', 'braze', 'webhook', 'braze-webhooks'],
    packages: [],
    anyRuntime: true,
  },
};

const SRC = resolve(import.meta.dirname, '../src');

const FILES = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts'))
  .map((file) => file.split(sep).join('/'))
  .sort();

// testing/msw is a module of its own (the regal-braze/testing/msw entry): the only one with msw.
function moduleOf(file: string): string {
  const [top, sub] = file.split('/');
  return top === 'testing' && sub === 'msw' ? 'testing/msw' : (top as string);
}

function importsOf(file: string): { specifier: string; typeOnly: boolean }[] {
  const text = readFileSync(join(SRC, file), 'utf8');
  return [...text.matchAll(/^(import|export)\s(type\s)?[^;]*?from\s+['"]([^'"]+)['"]/gm)].map(
    (match) => ({ specifier: match[3]!, typeOnly: match[2] !== undefined }),
  );
}

/** The file an import reaches, relative to src/, with `.ts` for `.js`. */
function target(file: string, specifier: string): string {
  return relative(SRC, resolve(join(SRC, file, '..'), specifier))
    .split(sep)
    .join('/')
    .replace(/\.js$/, '.ts');
}

function allowedFile(rule: ModuleRule, file: string, reached: string): boolean {
  if (moduleOf(reached) === moduleOf(file)) return true;
  return rule.imports.some((entry) => reached === entry || reached.startsWith(`${entry}/`));
}

function allowedPackage(rule: ModuleRule, specifier: string, typeOnly: boolean): boolean {
  return rule.packages.some(
    (entry) =>
      entry === specifier ||
      (typeOnly && entry === `type:${specifier}`) ||
      (entry === 'node:*' && specifier.startsWith('node:')),
  );
}

/** Every file and package `file` loads, however indirectly (type-only imports left out). */
function reached(file: string, seen = new Set<string>()): Set<string> {
  for (const { specifier, typeOnly } of importsOf(file)) {
    if (typeOnly) continue;
    const next = specifier.startsWith('.') ? target(file, specifier) : specifier;
    if (seen.has(next)) continue;
    seen.add(next);
    if (specifier.startsWith('.')) reached(next, seen);
  }
  return seen;
}

/** Code without comments, so that prose mentioning Node does not count. */
function code(file: string): string {
  return readFileSync(join(SRC, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '');
}

describe('module map', () => {
  it('has a row for every folder of src/, and every row has files', () => {
    const modules = new Set(FILES.map(moduleOf));
    expect([...modules].sort()).toStrictEqual(Object.keys(MODULE_MAP).sort());
  });

  it.each(FILES)('%s imports only what its module may', (file) => {
    const rule = MODULE_MAP[moduleOf(file)];
    if (rule === undefined) return expect.fail(`${file}: ${moduleOf(file)} has no row`);
    for (const { specifier, typeOnly } of importsOf(file)) {
      if (specifier.startsWith('.')) {
        expect(allowedFile(rule, file, target(file, specifier)), `${file} -> ${specifier}`).toBe(
          true,
        );
      } else {
        expect(allowedPackage(rule, specifier, typeOnly), `${file} -> ${specifier}`).toBe(true);
      }
    }
  });

  it.each(FILES.filter((file) => MODULE_MAP[moduleOf(file)]?.neverReaches !== undefined))(
    '%s never leads to what its module must not load',
    (file) => {
      const forbidden = MODULE_MAP[moduleOf(file)]!.neverReaches!;
      for (const loaded of reached(file)) {
        const hit = forbidden.find((entry) => loaded === entry || loaded.startsWith(`${entry}/`));
        expect(hit, `${file} loads ${loaded}`).toBeUndefined();
      }
    },
  );

  it.each(
    FILES.filter((file) => {
      const rule = MODULE_MAP[moduleOf(file)];
      return rule === undefined || (rule.anyRuntime && !(rule.nodeOnly ?? []).includes(file));
    }),
  )('%s uses no Node-only API', (file) => {
    const text = code(file);
    expect(text).not.toMatch(/from\s+['"]node:/);
    expect(text).not.toMatch(/\bBuffer\b/);
    expect(text).not.toMatch(/require\(/);
    // process.env is read through globalThis, guarded, in common/options.ts only.
    expect(text).not.toMatch(/(?<![.?]\s*)\bprocess\./);
  });
});
