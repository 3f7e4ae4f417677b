// `npm run generate`: writes the generated files the repository commits, from the code they
// come from. test/codegen/generated-files.test.ts fails when one of them is stale.
import { writeFileSync } from 'node:fs';
import { PARTS_MODULE, partsSource } from './transformation-parts.js';
import { VALIDATORS_MODULE, validatorsSource } from './validators.js';

const root = new URL('../../', import.meta.url);

function write(path: string, content: string): void {
  writeFileSync(new URL(path, root), content);
  console.log(`generate: ${path} (${content.length} characters)`);
}

write(VALIDATORS_MODULE, await validatorsSource());
write(PARTS_MODULE, await partsSource());
