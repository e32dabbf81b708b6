// The MCP Inspector and the conformance suite, pinned by the committed lockfile in ../../test-tools
// and installed on first use into a cache folder (never by `pnpm install`): a new lockfile gets a
// new folder, and a failed install leaves nothing behind.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const definition = fileURLToPath(new URL('../../test-tools/', import.meta.url));
const run = promisify(execFile);

async function installFolder(): Promise<string> {
  const digest = createHash('sha256');
  for (const file of ['package.json', 'package-lock.json'])
    digest.update(await readFile(join(definition, file)));
  const cache = process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
  return join(cache, 'workspan-kit', `mcp-test-tools-${digest.digest('hex').slice(0, 12)}`);
}

/** Installs the pinned tools once (about 25 s cold) and answers the path of a tool's command. */
export async function testTool(name: 'mcp-inspector' | 'conformance'): Promise<string> {
  const folder = await installFolder();
  const command = join(folder, 'node_modules', '.bin', name);
  if (await stat(join(folder, '.installed')).catch(() => undefined)) return command;
  const staging = `${folder}.staging-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    for (const file of ['package.json', 'package-lock.json'])
      await copyFile(join(definition, file), join(staging, file));
    await run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: staging,
      maxBuffer: 64 * 1024 * 1024,
    });
    await writeFile(join(staging, '.installed'), new Date().toISOString());
    await rename(staging, folder).catch(() => undefined);
  } finally {
    // Another run that finished first keeps its install; this one's staging goes.
    await rm(staging, { recursive: true, force: true });
  }
  return command;
}
