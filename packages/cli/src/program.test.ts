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
});
