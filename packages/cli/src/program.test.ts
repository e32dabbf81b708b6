import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIO } from './io.js';
import { run } from './program.js';
import { temporaryFolder } from './test-support/temporary-folders.js';

function bufferIO(): CliIO & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    stdin: (async function* () {})(),
    env: {},
    homeDirectory: tmpdir(),
    out: () => out,
    err: () => err,
  };
}

describe('run in-process', () => {
  it('prints a group help with its generated subcommands', async () => {
    const io = bufferIO();
    expect(await run(['metadata', '--help'], io)).toBe(0);
    for (const name of ['list-integrations', 'list-events', 'get-event-schema', 'get-object-event-schema'])
      expect(io.out()).toContain(name);
  });

  it('reports a bad value by its flag before connecting', async () => {
    const io = bufferIO();
    const code = await run(['report', 'get-data', '--report-id', 'seven'], io);
    expect(code).toBe(1);
    expect(io.err()).toBe('error: --report-id: expected a numeric report id\n');
    expect(io.out()).toBe('');
  });

  it('names the argument of the report shortcut', async () => {
    const io = bufferIO();
    expect(await run(['report', 'x1', '--limit', '2'], io)).toBe(1);
    expect(io.err()).toContain('error: <report-id>: expected a numeric report id');
  });

  it('rejects out-of-range numeric flags by name before connecting', async () => {
    const cases: [string[], string][] = [
      [
        ['bulk-load', 'load-data', '--integration-id', 'i', '--data', 'a', '--wait', '--poll-interval', '0'],
        '--poll-interval: expected a whole number from 1000',
      ],
      [['reports', '--limit', '0'], '--limit: expected a whole number 1 or more (got "0")'],
      [['reports', '--limit', ''], '--limit: expected a value; it is empty'],
      [['sandbox', '--port', '70000'], '--port expects a port number from 0 to 65535'],
      [
        ['listen', 'object', '--integration-id', 'i', '--port', '70000'],
        '--port expects a port number from 0 to 65535',
      ],
      [
        ['listen', 'object', '--integration-id', 'i', '--max-events', '0'],
        '--max-events expects a whole number of 1 or more.',
      ],
    ];
    for (const [argv, message] of cases) {
      const io = bufferIO();
      expect(await run(argv, io), argv.join(' ')).toBe(1);
      expect(io.err()).toContain(message);
      expect(io.err()).not.toContain('sandbox at');
      expect(io.out()).toBe('');
    }
  });
});

describe('help', () => {
  it('says a command is unknown, suggests the nearest, and exits 2', async () => {
    const unknown = bufferIO();
    expect(await run(['help', 'nosuch'], unknown)).toBe(2);
    expect(unknown.err()).toBe("error: unknown command 'nosuch'\n");
    expect(unknown.out()).toBe('');
    const typo = bufferIO();
    expect(await run(['help', 'intgrations'], typo)).toBe(2);
    expect(typo.err()).toBe("error: unknown command 'intgrations'\n(Did you mean integrations?)\n");
    const inGroup = bufferIO();
    expect(await run(['report', 'help', 'get-dta'], inGroup)).toBe(2);
    expect(inGroup.err()).toContain("unknown command 'get-dta'\n(Did you mean get-data?)");
  });

  it('shows the help of a command named by its path', async () => {
    const io = bufferIO();
    expect(await run(['help', 'report', 'get-data'], io)).toBe(0);
    expect(io.out()).toContain('Usage: workspan report get-data [options]');
    const hidden = bufferIO();
    expect(await run(['help', 'BulkloadData'], hidden)).toBe(0);
    expect(hidden.out()).toContain('Usage: workspan BulkloadData [options]');
  });
});

describe('report filters', () => {
  it('are --filters on report get-data and on report <id>, --filter staying as a hidden alias', async () => {
    for (const path of [
      ['report', 'get-data'],
      ['report', 'read'],
    ]) {
      const io = bufferIO();
      expect(await run([...path, '--help'], io)).toBe(0);
      expect(io.out()).toMatch(/--filters <json>/);
      expect(io.out()).not.toMatch(/--filter </);
    }
    const alias = bufferIO();
    expect(await run(['report', '1001', '--filter', '{not json'], alias)).toBe(1);
    expect(alias.err()).toContain('error: --filter: expected JSON text or @file.json');
    const both = bufferIO();
    expect(await run(['report', '1001', '--filter', '{}', '--filters', '{}'], both)).toBe(2);
    expect(both.err()).toContain("option '--filter <json>' cannot be used with option '--filters <json>'");
  });
});

describe('data and file flags', () => {
  const folder = temporaryFolder('workspan-cli-files-');
  const load = ['bulk-load', 'load-data', '--integration-id', 'WS-Integration_crm_opportunity'];

  async function flagError(argv: string[]): Promise<string> {
    const io = bufferIO();
    expect(await run(argv, io), argv.join(' ')).toBe(1);
    expect(io.out()).toBe('');
    return io.err();
  }

  it('say a directory is a directory', async () => {
    const expected = `a readable file; ${folder} is a directory, not a file`;
    expect(
      await flagError([
        'bulk-load',
        'load-data-file',
        '--integration-id',
        'i',
        '--data-format',
        'csv',
        '--file',
        folder,
      ]),
    ).toContain(`--file: expected ${expected}`);
    expect(await flagError([...load, '--data', `@${folder}`])).toContain(`--data: expected ${expected}`);
    expect(
      await flagError(['report', 'get-data', '--report-id', '1001', '--filters', `@${folder}`]),
    ).toContain(`--filters: expected ${expected}`);
    expect(await flagError(['report', '1001', '--filters', `@${folder}`])).toContain(
      `--filters: expected ${expected}`,
    );
  });

  it('answer empty and missing values in words a command-line user can act on', async () => {
    const empty = await flagError([...load, '--data', '']);
    expect(empty).toBe(
      'error: --data: expected the data as CSV or JSON text, @path of a file, or - to read stdin; the value is empty\n',
    );
    expect(await flagError([...load, '--data', '@'])).toContain(
      '--data: expected a readable file; the path is empty',
    );
    const missing = join(folder, 'missing.csv');
    expect(await flagError([...load, '--data', `@${missing}`])).toContain(`there is no file at ${missing}`);
    expect(await flagError([...load, '--data', '@/dev/null'])).toContain(
      '/dev/null is not a regular file (for a pipe, give - and send it to stdin)',
    );
    expect(await flagError(['report', '1001', '--filters', ''])).toContain(
      '--filters: expected JSON text or @file.json; the value is empty',
    );
    const emptyFile = join(folder, 'empty.json');
    writeFileSync(emptyFile, '');
    expect(await flagError(['report', '1001', '--filters', `@${emptyFile}`])).toContain(
      `${emptyFile} is empty`,
    );
  });

  it.skipIf(process.getuid?.() === 0)('say a file cannot be read', async () => {
    const locked = join(folder, 'locked.csv');
    writeFileSync(locked, 'a\n1\n');
    chmodSync(locked, 0o000);
    expect(await flagError([...load, '--data', `@${locked}`])).toContain(
      `${locked} cannot be read (permission denied)`,
    );
  });

  it('say a path through a file is not a path', async () => {
    const file = join(folder, 'plain.txt');
    mkdirSync(folder, { recursive: true });
    writeFileSync(file, 'x');
    expect(await flagError([...load, '--data', `@${file}/inner.csv`])).toContain('is not a file path');
  });
});
