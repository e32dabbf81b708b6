import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 30_000,
    globalSetup: ['src/test-support/temporary-folder-check.ts'],
    setupFiles: ['src/test-support/remove-temporary-folders.ts'],
  },
});
