// One way to install a pinned tool the tests need on first use, never at `pnpm install`: into a
// cache folder named after a digest of what pins it (a new lockfile or version gets a new folder),
// under a lock with a bounded wait, built in a staging folder and renamed into place when ready,
// so a crashed or concurrent install never leaves a half-made folder where a test looks.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';

export interface FirstUseInstall {
  /** The start of the cache folder's name, e.g. `n8n-host`; also names it in messages. */
  name: string;
  /** Files whose bytes pin the install (a package.json and its lockfile); copied into the folder first. */
  pinnedFiles?: readonly string[];
  /** Other things that pin it (versions, URLs, a download's checksum), added to the digest. */
  pinnedValues?: readonly string[];
  /** Fills `folder` (empty but for the pinned files); the folder is used only once this resolves. */
  install(folder: string): Promise<void>;
  /**
   * Checked when the folder is found ready: false reinstalls it (an install outside the folder,
   * such as a system package, can go while the cache stays).
   */
  stillValid?: (folder: string) => boolean | Promise<boolean>;
  /** How long to wait for another process installing the same folder (default 15 minutes). */
  waitLimitMs?: number;
  /** Told when an install starts (it may take minutes). */
  log?: (line: string) => void;
  /** Where the folder goes instead of `testCacheRoot()`: for a tool another user must read. */
  cacheRoot?: string;
}

/** `WORKSPAN_TEST_CACHE`, else `$XDG_CACHE_HOME/workspan-kit`, else `~/.cache/workspan-kit`. */
export function testCacheRoot(): string {
  return (
    process.env.WORKSPAN_TEST_CACHE ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'workspan-kit')
  );
}

/** The cache folder of an install: its name and the first 12 hex digits of the pins' digest. */
export async function installFolder(
  install: Pick<FirstUseInstall, 'name' | 'pinnedFiles' | 'pinnedValues' | 'cacheRoot'>,
) {
  const digest = createHash('sha256');
  for (const file of install.pinnedFiles ?? []) digest.update(await readFile(file));
  for (const value of install.pinnedValues ?? []) digest.update(value);
  return join(install.cacheRoot ?? testCacheRoot(), `${install.name}-${digest.digest('hex').slice(0, 12)}`);
}

const readyMarker = '.installed';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

/** A lock left by a process that is gone (same machine) can be taken over. */
async function lockHolderGone(lock: string): Promise<boolean> {
  const pid = Number(await readFile(join(lock, 'pid'), 'utf8').catch(() => ''));
  if (!Number.isInteger(pid) || pid <= 0) {
    // Written a moment after the folder: only a lock without it for a while is abandoned.
    const made = await stat(lock).then(
      (info) => info.mtimeMs,
      () => Date.now(),
    );
    return Date.now() - made > 10_000;
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Installs once per pin and answers the ready folder; safe to call from many processes at once. */
export async function installOnFirstUse(install: FirstUseInstall): Promise<string> {
  const folder = await installFolder(install);
  const ready = async () =>
    (await exists(join(folder, readyMarker))) && ((await install.stillValid?.(folder)) ?? true);
  if (await ready()) return folder;
  const root = install.cacheRoot ?? testCacheRoot();
  await mkdir(root, { recursive: true });
  const lock = `${folder}.lock`;
  const waitLimitMs = install.waitLimitMs ?? 15 * 60_000;
  const deadline = Date.now() + waitLimitMs;
  for (;;) {
    try {
      await mkdir(lock);
      await writeFile(join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (await ready()) return folder;
      if (await lockHolderGone(lock)) await rm(lock, { recursive: true, force: true });
      else if (Date.now() > deadline)
        throw new Error(
          `waited ${Math.round(waitLimitMs / 1000)} s for another process installing ${install.name} (lock ${lock}); remove the lock if no install runs`,
        );
      else await pause(500);
    }
  }
  const staging = `${folder}.staging-${process.pid}`;
  try {
    if (await ready()) return folder;
    // Only the lock's holder stages: any other staging folder was left by a process that died.
    for (const name of await readdir(root))
      if (name.startsWith(`${basename(folder)}.staging-`))
        await rm(join(root, name), { recursive: true, force: true });
    await mkdir(staging, { recursive: true });
    for (const file of install.pinnedFiles ?? []) await copyFile(file, join(staging, basename(file)));
    install.log?.(`installing ${install.name} for the tests into ${folder} (first use only)`);
    try {
      await install.install(staging);
    } catch (error) {
      throw new Error(`installing ${install.name} for the tests failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
    await writeFile(join(staging, readyMarker), new Date().toISOString());
    await rm(folder, { recursive: true, force: true });
    await rename(staging, folder);
    return folder;
  } finally {
    await rm(staging, { recursive: true, force: true });
    await rm(lock, { recursive: true, force: true });
  }
}

const run = promisify(execFile);

/**
 * A Debian package's binary, installed with apt-get on first use when missing (as root, else
 * with `sudo -n`); answers the binary's path.
 */
export async function ensureDebianPackage(packageName: string, binary: string): Promise<string> {
  if (await exists(binary)) return binary;
  await installOnFirstUse({
    name: `debian-${packageName}`,
    pinnedValues: [packageName, binary],
    stillValid: () => exists(binary),
    install: async (folder) => {
      const asRoot = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
      const environment = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      const apt = (...args: string[]) => {
        const [command, ...rest] = [...asRoot, 'apt-get', '-o', 'DPkg::Lock::Timeout=600', '-q', ...args];
        return runIn(folder, command as string, rest, environment);
      };
      const aptInstall = () => apt('-y', 'install', '--no-install-recommends', packageName);
      await aptInstall().catch(async () => {
        await apt('update');
        await aptInstall();
      });
      if (!(await exists(binary)))
        throw new Error(`${binary} is still missing after apt-get install ${packageName}`);
    },
  });
  return binary;
}

/** Runs a command in `folder` (as an `install` does), with a generous output buffer. */
export async function runIn(
  folder: string,
  command: string,
  args: readonly string[],
  env?: NodeJS.ProcessEnv,
) {
  await run(command, args, { cwd: folder, maxBuffer: 64 * 1024 * 1024, ...(env ? { env } : {}) });
}

/** The install of a package.json with its package-lock.json: `npm ci` without install scripts. */
export const npmCi = (folder: string) =>
  runIn(folder, 'npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error']);
