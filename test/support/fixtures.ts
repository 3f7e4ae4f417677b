import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** Names of the Regal event fixtures under test/fixtures (file name without `.json`). */
export const fixtureNames: string[] = readdirSync(FIXTURES)
  .filter((file) => file.endsWith('.json'))
  .map((file) => file.slice(0, -'.json'.length))
  .sort();

/** A fresh copy of a fixture's parsed JSON. */
export function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`${FIXTURES}${name}.json`, 'utf8')) as Record<string, unknown>;
}

/** The source of one of Braze's published Data Transformation templates for Regal. */
export function seedTemplate(name: string): string {
  return readFileSync(`${FIXTURES}seed-templates/${name}.js`, 'utf8');
}
