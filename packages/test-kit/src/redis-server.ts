import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDebianPackage } from './first-use-install.js';
import { freePort } from './free-port.js';

/** redis-server from PATH, else Debian's package, installed with apt-get on first use. */
export function ensureRedisServer(): Promise<string> {
  const onPath = findOnPath('redis-server');
  return onPath ? Promise.resolve(onPath) : ensureDebianPackage('redis-server', '/usr/bin/redis-server');
}

function findOnPath(name: string): string | undefined {
  for (const folder of (process.env.PATH ?? '').split(':')) {
    if (folder && existsSync(join(folder, name))) return join(folder, name);
  }
  return undefined;
}

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
    const server = new RedisServerProcess(await ensureRedisServer(), await freePort());
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
