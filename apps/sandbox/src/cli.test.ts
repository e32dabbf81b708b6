import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

/** Runs the built `workspan-sandbox` until it exits (every case here fails at start-up). */
const run = (...args: string[]) =>
  new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      [cli, '--quiet', ...args],
      { timeout: 80_000 },
      (error, _stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stderr }),
    );
    child.stdin?.end();
  });

describe('workspan-sandbox start-up errors: one line naming the flag, the value and the fix', () => {
  let folder: string;
  let busy: Server;
  let busyPort: number;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'sandbox-cli-'));
    writeFileSync(join(folder, 'broken.json'), '{ "tenants": [');
    writeFileSync(join(folder, 'notes.txt'), 'not a database, just text\n'.repeat(200));
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    busyPort = (busy.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => busy.close(resolve));
    rmSync(folder, { recursive: true, force: true });
  });

  // Every kind of start-up error is checked in start-errors.test.ts; these show the command prints
  // them as one line, without a stack trace.
  const cases: Array<[string, () => string[], RegExp]> = [
    [
      'a port in use',
      () => ['--port', String(busyPort)],
      /^--port \d+: is in use by another process .*; choose another port, or 0/,
    ],
    [
      'a seed file that is not JSON',
      () => ['--seed', join(folder, 'broken.json')],
      /^--seed .*broken\.json: is not valid JSON \(.*\); fix the file\.$/,
    ],
    [
      'a file that is not a database as --db',
      () => ['--db', join(folder, 'notes.txt')],
      /^--db .*notes\.txt: is not a SQLite database; name a new file/,
    ],
  ];
  test.each(cases)('%s', { timeout: 90_000 }, async (_name, args, expected) => {
    const { code, stderr } = await run(...args());
    expect(code).toBe(2);
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^workspan-sandbox: /);
    expect((lines[0] as string).replace(/^workspan-sandbox: /, '')).toMatch(expected);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
