// Bundles core (and zod) into the package, so the published nodes have no runtime dependencies:
// one shared CommonJS module plus a thin file per node and credential, as n8n loads them.
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = dirname(fileURLToPath(import.meta.url));
const source = root;
const dist = join(root, 'dist');
const sharedFolder = join(source, 'shared');
const entries = [
  'credentials/WorkSpanApi.credentials.ts',
  'nodes/WorkSpan/WorkSpan.node.ts',
  'nodes/WorkSpanTrigger/WorkSpanTrigger.node.ts',
];

rmSync(dist, { recursive: true, force: true });
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['n8n-workflow', 'crypto'],
  logLevel: 'warning',
  legalComments: 'none',
  // zod keeps its registry on globalThis, which community nodes may not touch: the bundle holds
  // one copy of zod, so a module-local object serves.
  define: { globalThis: 'bundledGlobals' },
  banner: { js: 'var bundledGlobals = {};' },
};

await build({
  ...common,
  entryPoints: [join(sharedFolder, 'index.ts')],
  outfile: join(dist, 'shared/index.js'),
});

/** Node and credential files reach the shared code through the one bundled copy. */
const sharedAsExternal = {
  name: 'shared-as-external',
  setup(builder) {
    builder.onResolve({ filter: /shared\/|^@workspan-kit\/core(\/internal)?$/ }, (args) => {
      const target = resolve(args.resolveDir, args.path);
      if (!args.path.startsWith('@workspan-kit/core') && !target.startsWith(sharedFolder)) return undefined;
      const from = dirname(join(dist, relative(source, args.importer)));
      return {
        path: `./${relative(from, join(dist, 'shared/index.js'))}`.replace('./../', '../'),
        external: true,
      };
    });
  },
};

for (const entry of entries) {
  await build({
    ...common,
    entryPoints: [join(source, entry)],
    outfile: join(dist, entry.replace(/\.ts$/, '.js')),
    plugins: [sharedAsExternal],
  });
}

mkdirSync(join(dist, 'icons'), { recursive: true });
cpSync(join(root, 'icons'), join(dist, 'icons'), { recursive: true });
for (const codex of ['nodes/WorkSpan/WorkSpan.node.json', 'nodes/WorkSpanTrigger/WorkSpanTrigger.node.json'])
  cpSync(join(source, codex), join(dist, codex));
