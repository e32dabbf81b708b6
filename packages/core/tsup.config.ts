import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', spec: 'src/spec.ts', node: 'src/node.ts', internal: 'src/internal.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  // One copy of shared code for both entry points, so error classes are the same in each.
  splitting: true,
  sourcemap: true,
  target: 'node20',
});
