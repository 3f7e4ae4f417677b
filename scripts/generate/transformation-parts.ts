// Writes src/transforms/codegen/parts.generated.ts: the code of the transforms, as the pieces a
// Braze Data Transformation is assembled from (toBrazeTransformation picks those the selected
// events need). Each piece is one top-level declaration of the library's own modules — the
// functions transformRegalEvent runs — with its types stripped (TypeScript, target ES2018), its
// `//` comments kept (they are written for the snippet's readers too) and its TSDoc and `/* */`
// comments (for developers only) left out, formatted. So the snippet and the library run the
// same code; the equivalence tests run both on the same events.
//
// The modules it reads (from each mapping function in src/transforms/events/mappings.ts, through
// their imports) must keep to what one flat script allows: top-level functions, constants and
// classes with names unique across them, imports without renaming, and ES2018 once the types are
// gone (no `?.` or `??`). The generator refuses anything else, naming the file.
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, type Comment, type Node } from 'acorn';
import { full } from 'acorn-walk';
import ts from 'typescript';
import { MAPPINGS } from '../../src/transforms/events/mappings.js';
import { mapOtherEvent } from '../../src/transforms/events/other-event.js';
import { formatJavaScript, formatTypeScript } from './format.js';

/** The generated module, relative to the repository root. */
export const PARTS_MODULE = 'src/transforms/codegen/parts.generated.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const MAPPINGS_FILE = 'src/transforms/events/mappings.ts';

/**
 * The snippet's own versions of some library declarations (its PayloadError and checkPayload,
 * an isoString on the engine's toISOString: same answers, less code). A declaration this file
 * declares replaces the library's declaration of the same name wherever it is used; the rest
 * of the file (its imports) is read like any module.
 */
const OVERRIDES = 'src/transforms/codegen/snippet-overrides.ts';

/** How the snippet's code is formatted: the repository's style, with JSON's double quotes. */
export const SNIPPET_STYLE = { singleQuote: false } as const;

/** The longest line the snippet may have. */
export const MAX_LINE_LENGTH = 120;

interface Declaration {
  readonly file: string;
  readonly name: string;
  readonly kind: 'function' | 'const' | 'class';
  /** The JavaScript of the declaration, its leading `//` comments included. */
  readonly code: string;
  /** Identifiers it uses. */
  readonly uses: ReadonlySet<string>;
  /** The module it is listed under: its own, or for an override the module it replaces. */
  readonly section: string;
}

interface Module {
  readonly file: string;
  /** The `//` comment the file starts with: what the module is about. */
  readonly title: string;
  readonly declarations: ReadonlyMap<string, Declaration>;
  /** Local name -> the module it is imported from. */
  readonly imports: ReadonlyMap<string, string>;
  /** Re-exported name -> the module it comes from. */
  readonly reexports: ReadonlyMap<string, string>;
}

function fail(file: string, message: string): never {
  throw new Error(`generate transformation parts: ${file}: ${message}`);
}

function resolveSpecifier(from: string, specifier: string): string {
  if (!specifier.startsWith('.')) fail(from, `imports the package "${specifier}"`);
  const target = join(dirname(from), specifier).replace(/\.js$/, '.ts');
  return relative(root, join(root, target)).split('\\').join('/');
}

function transpile(file: string): string {
  const source = readFileSync(join(root, file), 'utf8');
  return ts.transpileModule(source, {
    fileName: file,
    compilerOptions: {
      target: ts.ScriptTarget.ES2018,
      module: ts.ModuleKind.ESNext,
      verbatimModuleSyntax: true,
      removeComments: false,
      useDefineForClassFields: false,
    },
  }).outputText;
}

/** The identifiers a declaration refers to (property names and keys excepted). */
function usedIdentifiers(node: Node): Set<string> {
  const skip = new WeakSet<Node>();
  const uses = new Set<string>();
  full(node, (inner) => {
    const any = inner as Node & Record<string, unknown>;
    if (inner.type === 'MemberExpression' && any.computed === false) skip.add(any.property as Node);
    if (inner.type === 'Property' && any.computed === false && any.shorthand === false) {
      skip.add(any.key as Node);
    }
    if (
      (inner.type === 'MethodDefinition' || inner.type === 'PropertyDefinition') &&
      !any.computed
    ) {
      skip.add(any.key as Node);
    }
    if (inner.type === 'Identifier' && !skip.has(inner)) uses.add(any.name as string);
  });
  return uses;
}

const modules = new Map<string, Module>();

function loadModule(file: string): Module {
  const cached = modules.get(file);
  if (cached !== undefined) return cached;
  const code = transpile(file);
  const comments: Comment[] = [];
  const program = parse(code, {
    ecmaVersion: 'latest',
    sourceType: 'module',
    onComment: comments,
  }) as unknown as { body: (Node & Record<string, unknown>)[] };
  const declarations = new Map<string, Declaration>();
  const imports = new Map<string, string>();
  const reexports = new Map<string, string>();
  // The title: the `//` lines the file starts with, up to the first blank line.
  const source = readFileSync(join(root, file), 'utf8');
  const titleLines: string[] = [];
  for (const line of source.split('\n')) {
    if (!line.startsWith('//')) break;
    titleLines.push(line);
  }
  const title = titleLines.join('\n');
  let previousEnd = 0;
  for (const statement of program.body) {
    const start = statement.start;
    const leading = comments
      .filter((comment) => comment.start >= previousEnd && comment.end <= start)
      .filter((comment) => comment.type === 'Line' && !comment.value.startsWith(' eslint-'))
      .map((comment) => `//${comment.value}`)
      .filter((comment) => !titleLines.includes(comment));
    previousEnd = statement.end;
    if (statement.type === 'ImportDeclaration') {
      const from = resolveSpecifier(file, (statement.source as { value: string }).value);
      type Specifier = { type: string; imported?: { name: string }; local: { name: string } };
      for (const specifier of statement.specifiers as Specifier[]) {
        if (specifier.type !== 'ImportSpecifier') fail(file, 'uses a default or namespace import');
        const imported = specifier.imported!.name;
        const local = specifier.local.name;
        if (imported !== local) fail(file, `renames ${imported} on import`);
        imports.set(local, from);
      }
      continue;
    }
    let declaration = statement;
    if (statement.type === 'ExportNamedDeclaration') {
      if (statement.source != null) {
        const from = resolveSpecifier(file, (statement.source as { value: string }).value);
        for (const specifier of statement.specifiers as { local: { name: string } }[]) {
          reexports.set(specifier.local.name, from);
        }
        continue;
      }
      if (statement.declaration == null) fail(file, 'has an export list');
      declaration = statement.declaration as Node & Record<string, unknown>;
    }
    let name: string;
    let kind: Declaration['kind'];
    if (declaration.type === 'FunctionDeclaration') {
      name = (declaration.id as { name: string }).name;
      kind = 'function';
    } else if (declaration.type === 'ClassDeclaration') {
      name = (declaration.id as { name: string }).name;
      kind = 'class';
    } else if (declaration.type === 'VariableDeclaration') {
      const declarators = declaration.declarations as { id: Node & { name?: string } }[];
      if (declaration.kind !== 'const' || declarators.length !== 1 || !declarators[0]!.id.name) {
        fail(file, 'declares something else than one const at a time');
      }
      name = declarators[0]!.id.name;
      kind = 'const';
    } else {
      fail(file, `has a top-level ${declaration.type}`);
    }
    // TSDoc inside the declaration (documented object keys) is for developers: left out too.
    let body = '';
    let at = declaration.start;
    for (const comment of comments) {
      if (comment.type !== 'Block' || comment.start < at || comment.end > declaration.end) continue;
      body += code.slice(at, comment.start).replace(/[ \t]+$/, '');
      at = comment.end;
      while (code[at] === ' ' || code[at] === '\t' || code[at] === '\n') at++;
    }
    body += code.slice(at, declaration.end);
    const text = [...leading, body].join('\n');
    declarations.set(name, {
      file,
      name,
      kind,
      code: text,
      uses: usedIdentifiers(declaration),
      section: file,
    });
  }
  const module: Module = { file, title, declarations, imports, reexports };
  modules.set(file, module);
  return module;
}

/** The declaration `name` refers to when imported from `file`. */
function resolveName(file: string, name: string): Declaration {
  // An overridden name is taken from OVERRIDES without reading the module (errors/ is not
  // flat-script code).
  const override = file === OVERRIDES ? undefined : loadModule(OVERRIDES).declarations.get(name);
  if (override !== undefined) return override;
  const module = loadModule(file);
  const own = ownDeclaration(module, name);
  if (own !== undefined) return own;
  const imported = module.imports.get(name) ?? module.reexports.get(name);
  if (imported !== undefined) return resolveName(imported, name);
  return fail(module.file, `has no declaration of ${name}`);
}

/** A module's declaration of `name`, or the snippet's own version of it (see OVERRIDES). */
function ownDeclaration(module: Module, name: string): Declaration | undefined {
  const own = module.declarations.get(name);
  if (own === undefined || module.file === OVERRIDES) return own;
  const override = loadModule(OVERRIDES).declarations.get(name);
  if (override === undefined) return own;
  let placed = placedOverrides.get(name);
  if (placed === undefined) {
    placed = { ...override, section: module.file };
    placedOverrides.set(name, placed);
  }
  return placed;
}

/** Overrides of a declaration used in its own module, listed under that module (one object each). */
const placedOverrides = new Map<string, Declaration>();

/** The declarations `declaration` uses directly. */
function dependencies(declaration: Declaration): Declaration[] {
  const module = loadModule(declaration.file);
  const out: Declaration[] = [];
  for (const used of declaration.uses) {
    if (used === declaration.name) continue;
    const own = ownDeclaration(module, used);
    if (own !== undefined) out.push(own);
    else if (module.imports.has(used)) out.push(resolveName(module.imports.get(used)!, used));
  }
  return out;
}

/** One piece of the snippet, as parts.generated.ts lists it. */
export interface GeneratedPart {
  name: string;
  module: number;
  code: string;
  needs: number[];
}

/** Everything parts.generated.ts holds. */
export interface GeneratedParts {
  modules: string[];
  parts: GeneratedPart[];
  mappings: Record<string, number>;
  otherEvents: number;
}

/** Checks what a flat ES2018 script with a top-level return needs of one piece. */
function checkPart(declaration: Declaration, code: string): void {
  try {
    parse(code, { ecmaVersion: 2018, sourceType: 'script' });
  } catch (error) {
    fail(
      declaration.file,
      `${declaration.name} is not ES2018 once its types are gone: ${String(error)}`,
    );
  }
  if (/\bvoid 0\b|\b__[a-z]+\(/i.test(code)) {
    fail(
      declaration.file,
      `${declaration.name} needs TypeScript's down-levelling (?. ?? or a helper)`,
    );
  }
  const long = code.split('\n').find((line) => line.length > MAX_LINE_LENGTH);
  if (long !== undefined) {
    fail(
      declaration.file,
      `${declaration.name} has a line over ${MAX_LINE_LENGTH} characters: ${long}`,
    );
  }
}

/** Works out the pieces, their order and what each needs. */
export async function generateParts(): Promise<GeneratedParts> {
  modules.clear();
  placedOverrides.clear();
  const entries: [string, Declaration][] = Object.entries(MAPPINGS).map(([event, mapping]) => [
    event,
    resolveName(MAPPINGS_FILE, mapping.name),
  ]);
  const other = resolveName(MAPPINGS_FILE, mapOtherEvent.name);

  // Order: the mapping functions with the rest of their modules first, then the helpers, each
  // module under its title in the order first reached. A constant comes after what its value
  // is computed from.
  const order: Declaration[] = [];
  const placed = new Set<Declaration>();
  const visiting = new Set<Declaration>();
  const visit = (declaration: Declaration): void => {
    if (placed.has(declaration) || visiting.has(declaration)) return;
    visiting.add(declaration);
    if (declaration.kind === 'const') dependencies(declaration).forEach(visit);
    placed.add(declaration);
    order.push(declaration);
    if (declaration.kind !== 'const') dependencies(declaration).forEach(visit);
    visiting.delete(declaration);
  };
  for (const [, entry] of entries) visit(entry);
  visit(other);

  const entrySet = new Set([...entries.map(([, entry]) => entry), other]);
  const eventFiles = new Set([...entrySet].map((entry) => entry.section));
  const moduleOrder: string[] = [];
  for (const declaration of order) {
    if (!moduleOrder.includes(declaration.section)) moduleOrder.push(declaration.section);
  }
  // Each mapping function, then what else its module holds; then the helpers, module by module.
  const rank = (declaration: Declaration): number =>
    (eventFiles.has(declaration.section) ? 0 : 1e9) +
    moduleOrder.indexOf(declaration.section) * 1e6 +
    (entrySet.has(declaration) ? 0 : 1e3) +
    order.indexOf(declaration);
  const emitted = [...order].sort((a, b) => rank(a) - rank(b));
  for (const declaration of emitted) {
    if (declaration.kind !== 'const') continue;
    for (const dependency of dependencies(declaration)) {
      if (emitted.indexOf(dependency) > emitted.indexOf(declaration)) {
        fail(declaration.file, `${declaration.name} would be computed before ${dependency.name}`);
      }
    }
  }
  const names = new Map<string, Declaration>();
  for (const declaration of emitted) {
    const clash = names.get(declaration.name);
    if (clash !== undefined) {
      fail(declaration.file, `declares ${declaration.name}, as ${clash.file} does: rename one`);
    }
    names.set(declaration.name, declaration);
  }

  const moduleFiles = [...new Set(emitted.map((declaration) => declaration.section))];
  const parts: GeneratedPart[] = [];
  for (const declaration of emitted) {
    const code = (await formatJavaScript(declaration.code, SNIPPET_STYLE)).trimEnd();
    checkPart(declaration, code);
    parts.push({
      name: declaration.name,
      module: moduleFiles.indexOf(declaration.section),
      code,
      needs: dependencies(declaration)
        .map((dependency) => emitted.indexOf(dependency))
        .sort((a, b) => a - b),
    });
  }
  const mappings: Record<string, number> = {};
  for (const [event, entry] of entries) mappings[event] = emitted.indexOf(entry);
  return {
    modules: moduleFiles.map((file) => loadModule(file).title),
    parts,
    mappings,
    otherEvents: emitted.indexOf(other),
  };
}

/** The source of parts.generated.ts. */
export async function partsSource(): Promise<string> {
  const { modules: titles, parts, mappings, otherEvents } = await generateParts();
  const source = [
    '// Generated by `npm run generate` (scripts/generate/transformation-parts.ts) from the',
    "// transforms' own modules: do not edit. The pieces toBrazeTransformation() assembles a Braze",
    '// Data Transformation from: the title comment of each module, and each top-level declaration',
    '// as ES2018 JavaScript, with the pieces it needs (indexes into SNIPPET_PARTS).',
    "import type { SnippetPart } from './snippet-part.js';",
    '',
    '/** The title comment of each module the pieces come from. */',
    `export const SNIPPET_MODULES: readonly string[] = ${JSON.stringify(titles)};`,
    '',
    '/** The pieces, in the order a transformation lists them. */',
    `export const SNIPPET_PARTS: readonly SnippetPart[] = ${JSON.stringify(parts)};`,
    '',
    '/** The piece mapping each Regal event that has a mapping of its own. */',
    `export const SNIPPET_MAPPINGS: Readonly<Record<string, number>> = ${JSON.stringify(mappings)};`,
    '',
    '/** The piece mapping every other Regal event. */',
    `export const SNIPPET_OTHER_EVENTS = ${otherEvents};`,
    '',
  ].join('\n');
  return formatTypeScript(source);
}
