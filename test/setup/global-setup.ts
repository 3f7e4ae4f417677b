// Runs once before the suite: regenerates the bundled transformation runtime from the current
// transforms, then builds the CLI as tsup builds dist/cli.js, into a cache directory that the
// CLI tests run as a process.
import { build } from 'tsup';
import { buildTransformationRuntime } from '../../scripts/build-transformation-runtime.js';
import { cliBuild } from '../../tsup.config.js';
import { CLI_DIR } from '../support/cli.js';

export default async function setup(): Promise<void> {
  await buildTransformationRuntime();
  await build({ ...cliBuild, outDir: CLI_DIR, sourcemap: false, config: false, silent: true });
}
