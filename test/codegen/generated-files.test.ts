// The repository commits what `npm run generate` writes (so a fresh clone type-checks, lints and
// tests after `npm ci` alone, and admins can copy the default Data Transformation without
// installing anything): each file must be what its generator gives from the code as it is now.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TRANSFORMATION } from '../../scripts/generate/default-transformation.js';
import { PARTS_MODULE, partsSource } from '../../scripts/generate/transformation-parts.js';
import { VALIDATORS_MODULE, validatorsSource } from '../../scripts/generate/validators.js';
import { toBrazeTransformation } from '../../src/transforms/index.js';

const root = new URL('../../', import.meta.url);
const committed = (path: string) => readFileSync(new URL(path, root), 'utf8');
const STALE = 'is stale: run `npm run generate` and commit the result';

describe('generated files (npm run generate)', () => {
  it(`${VALIDATORS_MODULE}: the validators of the zod schemas as they are`, async () => {
    expect(
      committed(VALIDATORS_MODULE) === (await validatorsSource()),
      `${VALIDATORS_MODULE} ${STALE}`,
    ).toBe(true);
  });

  it(`${PARTS_MODULE}: the Data Transformation pieces of the transforms as they are`, async () => {
    expect(committed(PARTS_MODULE) === (await partsSource()), `${PARTS_MODULE} ${STALE}`).toBe(
      true,
    );
  });

  it(`${DEFAULT_TRANSFORMATION}: toBrazeTransformation() with every event and default options`, () => {
    const code = committed(DEFAULT_TRANSFORMATION);
    expect(code === toBrazeTransformation(), `${DEFAULT_TRANSFORMATION} ${STALE}`).toBe(true);
    expect(code).toContain('// Maps every Regal event (routed on payload.name)');
  });
});
