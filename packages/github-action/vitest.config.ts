import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['@workspan-kit/test-kit/temporary-folder-check'],
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // GitHub's parser imports its schema JSON without an import attribute, which Node refuses; vite's transform takes it.
    server: { deps: { inline: ['@actions/workflow-parser'] } },
  },
});
