import { chmod, copyFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', cli: 'src/cli.ts' },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts' } },
  clean: true,
  sourcemap: true,
  target: 'node22',
  platform: 'node',
  // `node:sqlite` only exists with its `node:` prefix.
  removeNodeProtocol: false,
  // The CLI's `#!/usr/bin/env node` line is kept by esbuild from src/cli.ts (a tsup banner would land in every entry).
  async onSuccess() {
    // The contract oracle reads WorkSpan's definition next to the bundle at run time.
    await copyFile('../../reference/apiDefinition.swagger.json', 'dist/apiDefinition.swagger.json');
    await copyFile('../../reference/LICENSE', 'dist/apiDefinition.LICENSE');
    await chmod('dist/apiDefinition.swagger.json', 0o644);
    await chmod('dist/apiDefinition.LICENSE', 0o644);
  },
});
