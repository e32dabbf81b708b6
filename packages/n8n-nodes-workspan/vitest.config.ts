import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.mts'],
    testTimeout: 60_000,
    hookTimeout: 600_000,
  },
});
