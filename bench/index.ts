// Runs every bench/*.bench.ts suite in turn. Each suite prints its own table and ratios.
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const suites = readdirSync(here)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => only.length === 0 || only.some((name) => file.startsWith(name)))
  .sort();

for (const file of suites) {
  const suite = (await import(pathToFileURL(join(here, file)).href)) as {
    run: () => Promise<void>;
  };
  console.log(`\n## ${file.replace('.bench.ts', '')}\n`);
  await suite.run();
}
