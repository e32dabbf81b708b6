import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The start-up options a start-up error can be about. */
export type StartOption = 'port' | 'host' | 'databaseFile' | 'seed';

/**
 * The sandbox could not start because of one option's value: `problem` says what is wrong with it
 * and `fix` what to do. Command lines print `describe(flag)`, naming the flag as they spell it.
 */
export class SandboxStartError extends Error {
  override name = 'SandboxStartError';

  constructor(
    readonly option: StartOption,
    readonly value: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`${option} ${value}: ${problem}; ${fix}.`);
  }

  /** One line naming the flag, its value, what is wrong and the fix. */
  describe(flag: string): string {
    return `${flag} ${this.value}: ${this.problem}; ${this.fix}.`;
  }
}

const codeOf = (error: unknown): string | undefined => (error as NodeJS.ErrnoException).code;

/** Checks the database file's path before SQLite opens it (SQLite only says "unable to open"). */
export function checkDatabasePath(file: string): void {
  const folder = dirname(resolve(file));
  if (!existsSync(folder)) {
    throw new SandboxStartError(
      'databaseFile',
      file,
      `its folder ${folder} does not exist`,
      'create the folder first, or name a file in an existing folder',
    );
  }
  if (existsSync(file) && statSync(file).isDirectory()) {
    throw new SandboxStartError(
      'databaseFile',
      file,
      'is a directory',
      'name a file, e.g. sandbox.db (it is created when missing)',
    );
  }
}

/** SQLite's refusal to open or use the database file, as a start-up error. */
export function databaseStartError(file: string, error: unknown): unknown {
  const { errcode, message } = error as { errcode?: number; message?: string };
  if (errcode === 26) {
    return new SandboxStartError(
      'databaseFile',
      file,
      'is not a SQLite database',
      'name a new file, or a database a sandbox created',
    );
  }
  if (errcode !== undefined || codeOf(error) === 'EACCES') {
    return new SandboxStartError(
      'databaseFile',
      file,
      `cannot be opened (${message ?? 'unknown error'})`,
      'check that the file and its folder are writable',
    );
  }
  return error;
}

/** A seed file that cannot be read or is not a seed, as a start-up error. */
export function seedStartError(file: string, error: unknown): unknown {
  if (error instanceof SandboxStartError) return error;
  const code = codeOf(error);
  if (code === 'ENOENT')
    return new SandboxStartError(
      'seed',
      file,
      'there is no such file',
      'give the path of a seed JSON file, or none',
    );
  if (code === 'EISDIR')
    return new SandboxStartError(
      'seed',
      file,
      'is a directory',
      'give the path of a seed JSON file, or none',
    );
  if (error instanceof SyntaxError) {
    return new SandboxStartError('seed', file, `is not valid JSON (${error.message})`, 'fix the file');
  }
  if (code !== undefined) {
    return new SandboxStartError(
      'seed',
      file,
      `cannot be read (${(error as Error).message})`,
      'check the path',
    );
  }
  return error;
}

/** `listen` failures, as start-up errors naming the port or the host. */
export function listenStartError(port: number, host: string, error: unknown): unknown {
  switch (codeOf(error)) {
    case 'EADDRINUSE':
      return new SandboxStartError(
        'port',
        String(port),
        `is in use by another process on ${host}`,
        'choose another port, or 0 for any free one',
      );
    case 'EACCES':
      return new SandboxStartError(
        'port',
        String(port),
        'needs privileges this process does not have',
        'choose a port above 1023, or 0 for any free one',
      );
    case 'EADDRNOTAVAIL':
      return new SandboxStartError(
        'host',
        host,
        'is not an address of this machine',
        "use 127.0.0.1 (this machine only), 0.0.0.0 (every interface) or one of this machine's addresses",
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return new SandboxStartError(
        'host',
        host,
        'does not resolve to an address',
        "use 127.0.0.1, 0.0.0.0 or one of this machine's addresses",
      );
    default:
      return error;
  }
}
