// `npm run generate`: writes the generated files the repository commits, from the code they
// come from: the validators (from the zod schemas), the pieces of the Data Transformation (from
// the transforms' modules) and the default Data Transformation (every event, default options),
// which admins copy without installing anything. test/codegen/generated-files.test.ts fails
// when one of them is stale.
import { writeFileSync } from 'node:fs';
import { DEFAULT_TRANSFORMATION } from './default-transformation.js';
import { PARTS_MODULE, partsSource } from './transformation-parts.js';
import { VALIDATORS_MODULE, validatorsSource } from './validators.js';

const root = new URL('../../', import.meta.url);

function write(path: string, content: string): void {
  writeFileSync(new URL(path, root), content);
  console.log(`generate: ${path} (${content.length} characters)`);
}

write(VALIDATORS_MODULE, await validatorsSource());
write(PARTS_MODULE, await partsSource());
// Imported only now, so that it runs on the pieces just written.
const { toBrazeTransformation } =
  await import('../../src/transforms/codegen/to-braze-transformation.js');
write(DEFAULT_TRANSFORMATION, toBrazeTransformation());
