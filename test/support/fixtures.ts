import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { REGAL_FIXTURE_NAMES, regalFixture, type RegalFixtureName } from 'regal-braze/testing';

const SEED_TEMPLATES = fileURLToPath(new URL('../fixtures/seed-templates/', import.meta.url));

/**
 * Names of the Regal event fixtures of src/testing/fixtures (file name without `.json`), as the
 * testing kit bundles them (test/testing/fixtures.test.ts checks they are the files).
 */
export const fixtureNames: string[] = [...REGAL_FIXTURE_NAMES];

/** A fresh copy of a fixture's parsed JSON, from the testing kit (`regalFixture`). */
export function fixture(name: string): Record<string, unknown> {
  return regalFixture(name as RegalFixtureName) as Record<string, unknown>;
}

/** The source of one of Braze's published Data Transformation templates for Regal. */
export function seedTemplate(name: string): string {
  return readFileSync(`${SEED_TEMPLATES}${name}.js`, 'utf8');
}
