import { defineConfig } from 'vitest/config';

// This project's own config. Without one, vitest run from here would pick up the regal-braze
// repository's root config (and find no test files).
export default defineConfig({
  test: { include: ['test/**/*.test.ts'] },
});
