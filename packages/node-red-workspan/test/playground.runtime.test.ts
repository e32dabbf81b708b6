import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { freePort } from '@workspan-kit/test-kit';
import { expect, it } from 'vitest';
import { eventually } from './test-support/harness.js';

// `pnpm node-red`: the playground as a user starts it, on free ports.
it("shows Node-RED's own log beside its own lines, and stops on Ctrl-C", async () => {
  const child = spawn(process.execPath, [join(import.meta.dirname, '..', 'runtime', 'playground.mjs')], {
    env: {
      ...process.env,
      NODE_RED_PORT: String(await freePort()),
      WORKSPAN_SANDBOX_PORT: String(await freePort()),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = once(child, 'exit');
  try {
    await eventually(
      () => (/Press Ctrl-C to stop/.test(output) ? true : undefined),
      'the playground',
      240_000,
    );
    // Node-RED's own lines: its start and the flows it started.
    await eventually(() => (/\[info\] Started flows/.test(output) ? true : undefined), "Node-RED's log");
    expect(output).toMatch(/\[info\] Server now running at http:\/\/127\.0\.0\.1:\d+\//);
  } finally {
    child.kill('SIGINT');
    await exited;
  }
}, 300_000);
