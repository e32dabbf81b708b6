// The pinned n8n (with the node-cli and the community-package scanner) for the tests and the
// playground, installed on first use from the committed lockfile in ./n8n into the test cache,
// outside the workspace, so that `pnpm install` at the root never installs or waits for it.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installOnFirstUse, runIn } from '@workspan-kit/test-kit';

export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const definition = join(packageRoot, 'runtime', 'n8n');

export interface N8nRuntime {
  /** The folder holding node_modules of the pinned n8n. */
  folder: string;
  /** n8n's command-line entry, run with Node 24. */
  n8nBin: string;
  /** The Node 24 this process runs on (n8n refuses older). */
  node: string;
  bin(name: string): string;
}

/** The pnpm running this process (a script's `npm_execpath`), else the one on PATH. */
export function pnpmCommand(): [string, ...string[]] {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/.test(execPath))
    return execPath.endsWith('.js') || execPath.endsWith('.cjs') ? [process.execPath, execPath] : [execPath];
  return ['pnpm'];
}

/** Installs n8n once (about 3 minutes cold, seconds from a warm store) and returns it. */
export async function ensureN8nRuntime(log: (line: string) => void = () => {}): Promise<N8nRuntime> {
  const folder = await installOnFirstUse({
    // The cache folder's name from before the runtime folder was named so: the install stays valid.
    name: 'n8n-host',
    pinnedFiles: [join(definition, 'package.json'), join(definition, 'pnpm-lock.yaml')],
    log,
    install: (staging) => {
      const [command, ...prefix] = pnpmCommand();
      return runIn(
        staging,
        command,
        [...prefix, 'install', '--frozen-lockfile', '--ignore-workspace', '--reporter=append-only'],
        // sqlite3 compiles with node-gyp; Node 24 first on PATH for its scripts.
        { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` },
      );
    },
  });
  const bin = (name: string) => join(folder, 'node_modules', '.bin', name);
  return { folder, n8nBin: join(folder, 'node_modules', 'n8n', 'bin', 'n8n'), node: process.execPath, bin };
}
