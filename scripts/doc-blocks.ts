// The code blocks of the README and docs/ that are tests or runnable examples, written out as
// TypeScript modules so that they are type-checked (`npm run typecheck` writes them first) and
// run (test/docs/code-blocks.test.ts), importing the package by its name as users do.
//
// A block is runnable when its info string says so: ```ts runnable. One that imports vitest is a
// test file; any other is a script, run against msw mocks of Regal and Braze.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Where the runnable blocks are written (git-ignored; inside `test/` for tsconfig's paths). */
export const BLOCKS_DIR = join(root, 'test/docs/.blocks');

/** One fenced code block of a Markdown document. */
export interface DocBlock {
  /** The document, relative to the repository root. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** First word of the info string (`ts`, `sh`, …). */
  lang: string;
  /** Marked ```ts runnable. */
  runnable: boolean;
  /** The code, without the fence's indentation. */
  code: string;
}

/** A runnable block written out as a module. */
export interface WrittenBlock extends DocBlock {
  /** `test`: a vitest test file (it imports vitest); `script`: a program to run. */
  kind: 'test' | 'script';
  /** Absolute path of the module. */
  path: string;
}

/** The documents whose blocks are checked: README.md, docs/*.md, examples' READMEs. */
export function documents(): string[] {
  const docs = readdirSync(join(root, 'docs'))
    .filter((file) => file.endsWith('.md'))
    .map((file) => `docs/${file}`);
  const examples = readdirSync(join(root, 'examples'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `examples/${entry.name}/README.md`)
    .filter((file) => {
      try {
        readFileSync(join(root, file));
        return true;
      } catch {
        return false;
      }
    });
  return ['README.md', ...docs.sort(), ...examples.sort()];
}

/** The fenced code blocks of one Markdown text (``` or ~~~ fences, indented ones included). */
export function docBlocks(markdown: string, file: string): DocBlock[] {
  const lines = markdown.split('\n');
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([^`\s]*)(.*)$/.exec(lines[i] as string);
    if (open === null) continue;
    const [, indent = '', fence = '', lang = '', rest = ''] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j] as string;
      if (line.trim().startsWith(fence) && line.trim().replace(/[`~]/g, '') === '') break;
      body.push(line.startsWith(indent) ? line.slice(indent.length) : line.trimStart());
    }
    blocks.push({
      file,
      line: i + 1,
      lang,
      runnable: /(^|\s)runnable(\s|$)/.test(rest),
      code: body.join('\n'),
    });
    i = j;
  }
  return blocks;
}

/** Every block of every checked document. */
export function allDocBlocks(): DocBlock[] {
  return documents().flatMap((file) => docBlocks(readFileSync(join(root, file), 'utf8'), file));
}

/** Writes the runnable blocks to {@link BLOCKS_DIR} (emptied first) and returns them. */
export function writeRunnableBlocks(): WrittenBlock[] {
  rmSync(BLOCKS_DIR, { recursive: true, force: true });
  mkdirSync(BLOCKS_DIR, { recursive: true });
  return allDocBlocks()
    .filter((block) => block.runnable)
    .map((block) => {
      if (block.lang !== 'ts') {
        throw new Error(`${block.file}:${block.line}: only \`\`\`ts blocks can be runnable`);
      }
      const name = `${block.file.replace(/[^\w]+/g, '-')}-${block.line}.ts`;
      const path = join(BLOCKS_DIR, name);
      const header = `// ${block.file}:${block.line}, extracted by scripts/doc-blocks.ts: edit the document.\n`;
      writeFileSync(path, `${header}${block.code}\n\nexport {};\n`);
      const kind = /from ['"]vitest['"]/.test(block.code) ? 'test' : 'script';
      return { ...block, kind, path };
    });
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const written = writeRunnableBlocks();
  console.log(`doc blocks: ${written.length} runnable -> ${relative(root, BLOCKS_DIR)}/`);
}
