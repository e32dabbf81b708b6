import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['@workspan-kit/test-kit/temporary-folder-check'],
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
