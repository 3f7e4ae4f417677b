// Formats generated code as the repository's own code is formatted (prettier, .prettierrc.json).
import { readFileSync } from 'node:fs';
import * as prettier from 'prettier';

const root = new URL('../../', import.meta.url);
const config = JSON.parse(
  readFileSync(new URL('.prettierrc.json', root), 'utf8'),
) as prettier.Options;

/** TypeScript source, formatted. */
export function formatTypeScript(source: string): Promise<string> {
  return prettier.format(source, { ...config, parser: 'typescript' });
}

/** JavaScript source, formatted with the repository's options and `overrides`. */
export function formatJavaScript(
  source: string,
  overrides: prettier.Options = {},
): Promise<string> {
  return prettier.format(source, { ...config, parser: 'babel', ...overrides });
}
