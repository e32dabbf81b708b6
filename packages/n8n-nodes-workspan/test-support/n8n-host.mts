// The pinned n8n (with the node-cli and the community-package scanner), installed on first use
// into a cache folder from the committed lockfile in ../../host, outside the workspace, so that
// `pnpm install` at the root never installs or waits for it.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const hostDefinition = join(packageRoot, 'host');

export interface N8nHost {
  /** The folder holding node_modules of the pinned n8n. */
  folder: string;
  /** n8n's command-line entry, run with Node 24. */
  n8nBin: string;
  /** The Node 24 this process runs on (n8n refuses older). */
  node: string;
  bin(name: string): string;
}

function cacheRoot(): string {
  return (
    process.env.WORKSPAN_N8N_CACHE ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'workspan-kit')
  );
}

/** Where this lockfile's install lives: a new lockfile gets a new folder. */
export function hostFolder(): string {
  const digest = createHash('sha256');
  for (const file of ['package.json', 'pnpm-lock.yaml'])
    digest.update(readFileSync(join(hostDefinition, file)));
  return join(cacheRoot(), `n8n-host-${digest.digest('hex').slice(0, 12)}`);
}

function pnpmCommand(): string[] {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/.test(execPath))
    return execPath.endsWith('.js') || execPath.endsWith('.cjs') ? [process.execPath, execPath] : [execPath];
  return ['pnpm'];
}

/** Installs the host once (about 3 minutes cold, seconds from a warm store) and returns it. */
export function ensureN8nHost(log: (line: string) => void = () => {}): N8nHost {
  const folder = hostFolder();
  const marker = join(folder, '.installed');
  if (!existsSync(marker)) {
    const staging = `${folder}.staging-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    for (const file of ['package.json', 'pnpm-lock.yaml'])
      copyFileSync(join(hostDefinition, file), join(staging, file));
    log(`installing n8n for the tests into ${folder} (first run only)`);
    const [command, ...prefix] = pnpmCommand();
    try {
      execFileSync(
        command as string,
        [...prefix, 'install', '--frozen-lockfile', '--ignore-workspace', '--reporter=append-only'],
        {
          cwd: staging,
          stdio: ['ignore', 'ignore', 'inherit'],
          // sqlite3 compiles with node-gyp; Node 24 first on PATH for its scripts.
          env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` },
        },
      );
    } catch (error) {
      // A failed install leaves nothing half-made behind.
      rmSync(staging, { recursive: true, force: true });
      throw error;
    }
    writeFileSync(join(staging, '.installed'), new Date().toISOString());
    try {
      renameSync(staging, folder);
    } catch {
      // Another run finished first: use its install.
      rmSync(staging, { recursive: true, force: true });
    }
  }
  const bin = (name: string) => join(folder, 'node_modules', '.bin', name);
  return { folder, n8nBin: join(folder, 'node_modules', 'n8n', 'bin', 'n8n'), node: process.execPath, bin };
}
