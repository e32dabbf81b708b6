import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    globalSetup: ['@workspan-kit/test-kit/temporary-folder-check'],
    // The default reporter's output stays; the closing line comes after its summary.
    reporters: ['default', './src/closing-line-reporter.ts'],
  },
});
