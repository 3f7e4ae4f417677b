#!/usr/bin/env node
// The `regal-braze` executable (package.json `bin`, built to dist/cli.js).
import { processIo } from './io.js';
import { main } from './main.js';

// A reader that stops early (`regal-braze transform big.jsonl | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

// Nowhere is left to report a broken stderr (a closed pipe: EPIPE): the line is dropped, the
// process goes on (for `serve`, delivering what it acknowledged).
process.stderr.on('error', () => undefined);

// Not process.exit(): output still being written to a pipe must be flushed first.
process.exitCode = await main(process.argv.slice(2), processIo());
