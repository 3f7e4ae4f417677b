import { defineConfig, type Options } from 'tsup';

const entry = {
  index: 'src/index.ts',
  transforms: 'src/transforms/index.ts',
};

/** The `regal-braze` executable: one ESM file with a shebang (kept from src/cli/index.ts). */
export const cliBuild: Options = {
  entry: { cli: 'src/cli/index.ts' },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  dts: false,
  splitting: false,
  sourcemap: true,
  // One self-contained file starts twice as fast as one that loads zod's many modules.
  noExternal: ['zod'],
};

export default defineConfig([
  {
    entry,
    format: ['esm'],
    target: 'node20',
    dts: true,
    splitting: true,
    sourcemap: true,
    clean: true,
  },
  {
    entry,
    format: ['cjs'],
    target: 'node20',
    dts: true,
    splitting: true,
    sourcemap: true,
    // ky is ESM-only: bundling it keeps `require('regal-braze')` working (see sdk-practices.md).
    noExternal: ['ky'],
  },
  cliBuild,
]);
