import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // Node-RED loads node files with require(): CommonJS, `module.exports` set to the register function.
    entry: { 'nodes/workspan': 'src/nodes/workspan.ts' },
    format: ['cjs'],
    outExtension: () => ({ js: '.js' }),
    footer: { js: 'module.exports = module.exports.default;' },
    clean: false,
    sourcemap: true,
    target: 'node20',
  },
  {
    entry: {
      'build/write-editor-files': 'src/editor/write-editor-files.ts',
    },
    format: ['esm'],
    outExtension: () => ({ js: '.mjs' }),
    sourcemap: true,
    target: 'node22',
  },
  {
    // The edit dialogs' script, with core's event filter parser, served from the package's resources/.
    entry: { 'workspan-editor': 'src/editor/browser/workspan-editor.ts' },
    outDir: 'resources',
    format: ['iife'],
    platform: 'browser',
    target: 'es2020',
    noExternal: ['@workspan-kit/core'],
    outExtension: () => ({ js: '.js' }),
    minify: true,
  },
]);
