import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'temporary-folder-check': 'src/temporary-folder-check.ts' },
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node22',
  platform: 'node',
});
