#!/usr/bin/env node
// The `regal-braze` executable (package.json `bin`, built to dist/cli.js).
import { processIo } from './io.js';
import { main } from './main.js';

// Not process.exit(): output still being written to a pipe must be flushed first.
process.exitCode = await main(process.argv.slice(2), processIo());
