import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { defineConfig, type Options } from 'tsup';

const entry = {
  index: 'src/index.ts',
  transforms: 'src/transforms/index.ts',
  testing: 'src/testing/index.ts',
  'testing-msw': 'src/testing/msw/index.ts',
};

/** Ships the sample events as files for non-JavaScript test runners (`regal-braze/testing/fixtures/*`). */
async function copyFixtures(): Promise<void> {
  await mkdir('dist/fixtures', { recursive: true });
  const from = 'src/testing/fixtures';
  const files = (await readdir(from)).filter((file) => file.endsWith('.json'));
  await Promise.all(files.map((file) => copyFile(`${from}/${file}`, `dist/fixtures/${file}`)));
}

/**
 * Source maps ship without the sources inlined: stack traces (`node --enable-source-maps`) and
 * debuggers still point at the original file, line and name, for a third of the maps' size.
 */
const sourceMaps: Pick<Options, 'sourcemap' | 'esbuildOptions'> = {
  sourcemap: true,
  esbuildOptions(options) {
    options.sourcesContent = false;
  },
};

/** The `regal-braze` executable: one ESM file with a shebang (kept from src/cli/index.ts). */
export const cliBuild: Options = {
  entry: { cli: 'src/cli/index.ts' },
  format: ['esm'],
  target: 'node22',
  platform: 'node',
  dts: false,
  splitting: false,
  ...sourceMaps,
  // One self-contained file starts twice as fast as one that loads zod's many modules.
  noExternal: ['zod'],
};

export default defineConfig([
  {
    entry,
    format: ['esm'],
    target: 'node22',
    dts: true,
    splitting: true,
    ...sourceMaps,
    clean: true,
    // msw is an optional peer, imported by regal-braze/testing/msw only: never bundled.
    external: ['msw'],
    onSuccess: copyFixtures,
  },
  {
    entry,
    format: ['cjs'],
    target: 'node22',
    dts: true,
    splitting: true,
    ...sourceMaps,
    // ky is ESM-only: bundling it keeps `require('regal-braze')` working without require(esm).
    noExternal: ['ky'],
    external: ['msw'],
  },
  cliBuild,
]);
