import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 30_000,
    globalSetup: ['@workspan-kit/test-kit/temporary-folder-check'],
    setupFiles: ['src/test-support/remove-temporary-folders.ts'],
  },
});
