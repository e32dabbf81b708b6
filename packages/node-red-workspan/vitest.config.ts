import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    // The run's own temporary folder first (a test that leaves files behind fails), then the runtimes and package.
    globalSetup: ['@workspan-kit/test-kit/temporary-folder-check', 'test/global-setup.ts'],
  },
});
