import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureLocalAction } from './test-support/local-action.js';
import { actionFolder, readFileCommand } from './test-support/run-as-runner.js';
import { type SandboxSteps, startSandboxSteps } from './test-support/sandbox-step.js';

const run = promisify(execFile);

/** The action run by GitHub's own local runner, `@github/local-action`, against the sandbox. */
let steps: SandboxSteps;
let localAction: { tsx: string; index: string };
let folder: string;

beforeAll(async () => {
  const entry = await ensureLocalAction();
  const installed = join(entry, '..', '..', '..', '..', '..');
  localAction = {
    tsx: join(installed, 'node_modules', '.bin', 'tsx'),
    index: join(installed, 'node_modules', '@github', 'local-action', 'src', 'index.ts'),
  };
  steps = await startSandboxSteps();
  folder = mkdtempSync(join(tmpdir(), 'workspan-local-action-'));
}, 300_000);

afterAll(async () => {
  await steps?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('@github/local-action', () => {
  it('runs dist/main.js: its run() does the step, with inputs from a .env file', async () => {
    const outputFile = join(folder, 'output');
    writeFileSync(outputFile, '');
    const inputs = { ...steps.connection, operation: 'GetReportList', 'page-size': '2' };
    writeFileSync(
      join(folder, '.env'),
      [
        ...Object.entries(inputs).map(([name, value]) => `INPUT_${name.toUpperCase()}=${value}`),
        `GITHUB_OUTPUT=${outputFile}`,
        `GITHUB_WORKSPACE=${folder}`,
      ].join('\n'),
    );
    // Started as its bin starts it (tsx on its source, the action's folder in TARGET_ACTION_PATH),
    // without the bin's `pnpm dlx`, which would fetch tsx again.
    const { stdout } = await run(
      localAction.tsx,
      [localAction.index, 'run', actionFolder, 'dist/main.js', join(folder, '.env')],
      {
        cwd: folder,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? folder,
          NODE_NO_WARNINGS: '1',
          // tsx turns on Node's compile cache, in the shared temporary folder otherwise.
          NODE_COMPILE_CACHE: join(folder, '.node-compile-cache'),
          TARGET_ACTION_PATH: actionFolder,
        },
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    expect(stdout).toContain('Running Action');
    expect(stdout).not.toMatch(/^::error::/m);
    // No job summary in a local run: a warning, not a failure.
    expect(stdout).toMatch(/^::warning::No job summary was written/m);
    const outputs = readFileCommand(readFileSync(outputFile, 'utf8'));
    expect(Number(outputs['row-count'])).toBeGreaterThan(2);
    expect(JSON.parse(outputs.result ?? '[]')).toHaveLength(Number(outputs['row-count']));
  });

  it('finds no work done on importing dist/main.js, only its run()', async () => {
    const { stdout, stderr } = await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const action = await import(${JSON.stringify(join(actionFolder, 'dist/main.js'))}); console.log(typeof action.run);`,
      ],
      { env: { PATH: process.env.PATH ?? '', INPUT_OPERATION: 'GetEverything' } },
    );
    expect(stdout).toBe('function\n');
    expect(stderr).toBe('');
  });
});
