// GitHub's @github/local-action, pinned by the lockfile in ../../local-action and installed on
// first use with `npm ci` into a cache folder outside the workspace (never by `pnpm install`).
import { execFile } from 'node:child_process';
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
import { join } from 'node:path';
import { promisify } from 'node:util';
import { actionFolder } from './run-as-runner.js';

const run = promisify(execFile);
const definition = join(actionFolder, 'local-action');

/** Where this lockfile's install lives: a new lockfile gets a new folder. */
function installFolder(): string {
  const digest = createHash('sha256');
  for (const file of ['package.json', 'package-lock.json'])
    digest.update(readFileSync(join(definition, file)));
  const cache = process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
  return join(cache, 'workspan-kit', `github-local-action-${digest.digest('hex').slice(0, 12)}`);
}

/** Installs local-action once and returns the path of its command-line entry. */
export async function ensureLocalAction(): Promise<string> {
  const folder = installFolder();
  const entry = join(folder, 'node_modules', '@github', 'local-action', 'bin', 'local-action.js');
  if (existsSync(join(folder, '.installed'))) return entry;
  const staging = `${folder}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  for (const file of ['package.json', 'package-lock.json'])
    copyFileSync(join(definition, file), join(staging, file));
  try {
    await run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: staging,
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`Installing @github/local-action for the tests failed: ${(error as Error).message}`);
  }
  writeFileSync(join(staging, '.installed'), new Date().toISOString());
  try {
    renameSync(staging, folder);
  } catch {
    // Another run finished first: use its install.
    rmSync(staging, { recursive: true, force: true });
  }
  return entry;
}
