import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 300_000,
    // n8n and Node-RED are real hosts (n8n alone takes about 560 MB): one file at a time.
    fileParallelism: false,
    hookTimeout: 600_000,
    // The temporary folder first, so the registry's storage lands in it and is removed after it.
    globalSetup: ['@workspan-kit/test-kit/temporary-folder-check', './src/registry-setup.ts'],
    // GitHub's parser imports its schema JSON without an import attribute, which Node refuses; vite's transform takes it.
    server: { deps: { inline: ['@actions/workflow-parser'] } },
  },
});
