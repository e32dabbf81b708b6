// The server as a new user gets it: this package and the workspace packages it depends on packed by
// pnpm as they would be published, and installed by npm into an empty project (the registry gives
// the rest; npm's own cache makes repeat installs quick). `npx workspan-mcp-server` then runs there.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

/** This package's folder and those of the workspace packages it depends on. */
async function packageFolders(): Promise<string[]> {
  const manifest = JSON.parse(await readFile(join(packageRoot, 'package.json'), 'utf8'));
  const require = createRequire(join(packageRoot, 'package.json'));
  const workspace = Object.entries(manifest.dependencies as Record<string, string>)
    .filter(([, version]) => version.startsWith('workspace:'))
    .map(([name]) => dirname(require.resolve(`${name}/package.json`)));
  return [packageRoot, ...workspace];
}

function pnpmCommand(): [string, string[]] {
  const pnpm =
    process.env.npm_execpath && /pnpm/.test(process.env.npm_execpath) ? process.env.npm_execpath : 'pnpm';
  return /\.c?js$/.test(pnpm) ? [process.execPath, [pnpm]] : [pnpm, []];
}

export interface PackedInstall {
  /** The project folder the packages are installed in (run `npx workspan-mcp-server` here). */
  folder: string;
  remove(): Promise<void>;
}

/** Packs and installs into a new temporary project; about 30 s with npm's cache warm. */
export async function installPackedServer(): Promise<PackedInstall> {
  const folder = await mkdtemp(join(tmpdir(), 'workspan-mcp-new-user-'));
  const packs = join(folder, 'tarballs');
  const [pnpm, pnpmArgs] = pnpmCommand();
  for (const packageFolder of await packageFolders())
    await run(pnpm, [...pnpmArgs, 'pack', '--pack-destination', packs], { cwd: packageFolder });
  const tarballs = (await readdir(packs)).map((name) => join(packs, name));
  await writeFile(join(folder, 'package.json'), JSON.stringify({ name: 'new-user', private: true }));
  await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--loglevel=error', '--prefer-offline', ...tarballs],
    { cwd: folder, maxBuffer: 64 * 1024 * 1024 },
  );
  return { folder, remove: () => rm(folder, { recursive: true, force: true }) };
}
