import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../../scripts/free-port.mjs';

const debianBinary = '/usr/bin/redis-server';

/** Finds redis-server, installing Debian's package on first use when it is missing. */
export function ensureRedisServer(): string {
  const onPath = findOnPath('redis-server');
  if (onPath) return onPath;
  if (existsSync(debianBinary)) return debianBinary;
  const apt = ['-o', 'DPkg::Lock::Timeout=600', '-y', '-q'];
  const run = (args: string[]) =>
    execFileSync('apt-get', args, {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  try {
    run([...apt, 'install', '--no-install-recommends', 'redis-server']);
  } catch {
    run(['-o', 'DPkg::Lock::Timeout=600', '-q', 'update']);
    run([...apt, 'install', '--no-install-recommends', 'redis-server']);
  }
  if (!existsSync(debianBinary))
    throw new Error('redis-server is still missing after apt-get install redis-server');
  return debianBinary;
}

function findOnPath(name: string): string | undefined {
  for (const folder of (process.env.PATH ?? '').split(':')) {
    if (folder && existsSync(join(folder, name))) return join(folder, name);
  }
  return undefined;
}

export { freePort };

/**
 * A real redis-server on loopback with its own folder. The append-only file is synced on every
 * write, so a restart keeps every dedupe key, as a production deployment should.
 */
export class RedisServerProcess {
  #child: ChildProcess | undefined;
  readonly directory = mkdtempSync(join(tmpdir(), 'workspan-relay-redis-'));

  private constructor(
    private readonly binary: string,
    readonly port: number,
  ) {}

  static async start(): Promise<RedisServerProcess> {
    const server = new RedisServerProcess(ensureRedisServer(), await freePort());
    await server.start();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(
      this.binary,
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.directory,
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--save',
        '',
        '--daemonize',
        'no',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.#child = child;
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          child.stdout?.off('data', onData);
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output.slice(-500)}`)));
    });
    child.stdout?.resume();
    child.stderr?.resume();
  }

  async stop(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async close(): Promise<void> {
    await this.stop();
    rmSync(this.directory, { recursive: true, force: true });
  }
}
