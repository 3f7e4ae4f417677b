// Runs once before the suite: builds the CLI as tsup builds dist/cli.js, into a cache directory
// that the CLI tests run as a process.
import { build } from 'tsup';
import { cliBuild } from '../../tsup.config.js';
import { CLI_DIR } from '../support/cli.js';

export default async function setup(): Promise<void> {
  await build({ ...cliBuild, outDir: CLI_DIR, sourcemap: false, config: false, silent: true });
}
