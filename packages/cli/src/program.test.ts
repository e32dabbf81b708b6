import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { CliIO } from './io.js';
import { run } from './program.js';

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
        '--poll-interval expects a whole number of 1000 or more.',
      ],
      [['reports', '--limit', '0'], '--limit expects a whole number of 1 or more.'],
      [['reports', '--limit', ''], '--limit expects a whole number of 1 or more.'],
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
