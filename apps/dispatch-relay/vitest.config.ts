import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['../../scripts/test-temporary-folder.mjs'],
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
