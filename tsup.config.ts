import { defineConfig } from 'tsup';

const entry = {
  index: 'src/index.ts',
  transforms: 'src/transforms/index.ts',
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
]);
