import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningSandbox, startSandbox } from '@workspan-kit/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspan } from './test-support/workspan-process.js';

describe('workspan sandbox: start-up errors name the flag, the value and the fix', () => {
  let folder: string;
  let env: Record<string, string>;
  /** A sandbox already on the port the failing one is asked to take. */
  let occupant: RunningSandbox;
  let busyPort: string;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'workspan-sandbox-command-'));
    mkdirSync(join(folder, 'home'));
    writeFileSync(join(folder, 'notes.txt'), 'not a database\n'.repeat(200));
    env = { PATH: process.env.PATH ?? '', HOME: join(folder, 'home'), NO_COLOR: '1' };
    occupant = await startSandbox({ seed: false });
    busyPort = new URL(occupant.url).port;
  });
  afterAll(async () => {
    await occupant.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const cases: Array<[string, () => string[], RegExp]> = [
    [
      'a port in use',
      () => ['--port', busyPort],
      /--port \d+: is in use by another process .*; choose another port/,
    ],
    [
      'a file that is not a database',
      () => ['--db', join(folder, 'notes.txt')],
      /--db .*notes\.txt: is not a SQLite database; /,
    ],
    [
      'a host that is not local',
      () => ['--port', '0', '--host', '192.0.2.1'],
      /--host 192\.0\.2\.1: is not an address of this machine; use 127\.0\.0\.1/,
    ],
  ];
  // The sandbox's own tests check every kind of start-up error; these show this command prints them.
  it.each(cases)('%s', { timeout: 90_000 }, async (_name, args, expected) => {
    const result = await workspan(['sandbox', ...args()], env);
    expect(result.code).toBe(2);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(expected);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
