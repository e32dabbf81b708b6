import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{credentials,nodes,shared,test-support}/**/*.test.{ts,mts}', '*.test.mts'],
    testTimeout: 60_000,
    hookTimeout: 600_000,
    // Each real-host suite runs its own n8n (about 560 MB): one at a time on a shared machine.
    fileParallelism: false,
  },
});
