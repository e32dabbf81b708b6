import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RunningSandbox, SandboxStartError, type StartSandboxOptions, startSandbox } from '../index.js';
import { temporaryFolder } from '../test-support/test-sandbox.js';

describe('startSandbox rejects a bad option with a SandboxStartError naming it, its value and the fix', () => {
  let folder: string;
  let occupant: RunningSandbox;
  beforeAll(async () => {
    occupant = await startSandbox({ seed: false });
  });
  afterAll(() => occupant.close());

  const cases: Array<[string, () => StartSandboxOptions, string, RegExp]> = [
    [
      'a port in use',
      () => ({ port: Number(new URL(occupant.url).port) }),
      '--port',
      /^--port \d+: is in use by another process on 127\.0\.0\.1; choose another port, or 0 for any free one\.$/,
    ],
    [
      'a missing seed file',
      () => ({ seed: join(folder, 'missing.json') }),
      '--seed',
      /^--seed .*missing\.json: there is no such file; give the path of a seed JSON file, or none\.$/,
    ],
    [
      'a seed file that is not JSON',
      () => ({ seed: join(folder, 'broken.json') }),
      '--seed',
      /^--seed .*broken\.json: is not valid JSON \(.+\); fix the file\.$/,
    ],
    [
      'a seed file that is not a seed',
      () => ({ seed: join(folder, 'not-a-seed.json') }),
      '--seed',
      /^--seed .*not-a-seed\.json: is not a valid seed \(seed must be .*tenants.*\); fix the file/,
    ],
    [
      'a directory as the seed',
      () => ({ seed: join(folder, 'a-directory') }),
      '--seed',
      /^--seed .*a-directory: is a directory; give the path of a seed JSON file, or none\.$/,
    ],
    [
      'a database in a missing folder',
      () => ({ databaseFile: join(folder, 'nowhere', 'sandbox.db') }),
      '--db',
      /^--db .*nowhere.sandbox\.db: its folder .*nowhere does not exist; create the folder first/,
    ],
    [
      'a directory as the database',
      () => ({ databaseFile: join(folder, 'a-directory') }),
      '--db',
      /^--db .*a-directory: is a directory; name a file/,
    ],
    [
      'a file that is not a database',
      () => ({ databaseFile: join(folder, 'notes.txt') }),
      '--db',
      /^--db .*notes\.txt: is not a SQLite database; name a new file, or a database a sandbox created\.$/,
    ],
    [
      'a host that is not an address of this machine',
      () => ({ host: '192.0.2.1' }),
      '--host',
      /^--host 192\.0\.2\.1: is not an address of this machine; use 127\.0\.0\.1/,
    ],
  ];
  test.each(cases)('%s', async (_name, options, flag, expected) => {
    folder = temporaryFolder('sandbox-start-');
    writeFileSync(join(folder, 'broken.json'), '{ "tenants": [');
    writeFileSync(join(folder, 'not-a-seed.json'), '{ "tenants": "none" }');
    writeFileSync(join(folder, 'notes.txt'), 'not a database, just text\n'.repeat(200));
    mkdirSync(join(folder, 'a-directory'));
    const error = await startSandbox({ seed: false, ...options() }).then(
      (started) => {
        void started.close();
        throw new Error('the sandbox started');
      },
      (rejection: unknown) => rejection,
    );
    expect(error).toBeInstanceOf(SandboxStartError);
    expect((error as SandboxStartError).describe(flag)).toMatch(expected);
  });
});
