import { defineConfig } from 'vitest/config';

export default defineConfig({
  // `regal-braze`, `regal-braze/transforms` and `regal-braze/testing` resolve to src/ (tsconfig
  // paths), so examples import the package as users do.
  resolve: { tsconfigPaths: true },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'examples/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    globalSetup: ['test/setup/global-setup.ts'],
  },
});
