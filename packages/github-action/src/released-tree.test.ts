// The action as a workflow gets it from `uses: …/packages/github-action@v1`: the tagged commit's
// packages/github-action folder (what `git archive` of the release commit holds: action.yml and
// the committed dist/, no node_modules), run as the runner runs it against the sandbox.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionFolder } from './test-support/run-as-runner.js';
import { type SandboxSteps, startSandboxSteps } from './test-support/sandbox-step.js';

let steps: SandboxSteps;
const released = mkdtempSync(join(tmpdir(), 'workspan-released-action-'));
const releasedAction = join(released, 'packages', 'github-action');

beforeAll(async () => {
  const archive = execFileSync('git', ['archive', '--format=tar', 'HEAD', 'packages/github-action'], {
    cwd: join(actionFolder, '../..'),
    maxBuffer: 256 * 1024 * 1024,
  });
  execFileSync('tar', ['-x', '-C', released], { input: archive });
  steps = await startSandboxSteps();
});

afterAll(async () => {
  await steps?.close();
  rmSync(released, { recursive: true, force: true });
});

describe('the released tree', () => {
  it('holds action.yml and the bundle, and no node_modules', () => {
    expect(existsSync(join(releasedAction, 'action.yml'))).toBe(true);
    expect(existsSync(join(releasedAction, 'dist', 'index.js'))).toBe(true);
    expect(
      readdirSync(released, { recursive: true, encoding: 'utf8' }).filter((path) =>
        path.includes('node_modules'),
      ),
    ).toEqual([]);
  });

  it('runs as the runner runs it: a read and a bulk load with its wait', async () => {
    const run = (inputs: Record<string, string>) => steps.step(inputs, { actionFolder: releasedAction });
    const listed = await run({ operation: 'GetIntegrationList' });
    expect(listed.errors).toEqual([]);
    expect(listed.exitCode).toBe(0);
    expect(JSON.parse(listed.outputs.result ?? '{}').integrations).toEqual(
      expect.arrayContaining([expect.objectContaining({ integration_id: 'WS-Integration_crm_opportunity' })]),
    );
    const loaded = await run({
      operation: 'BulkloadData',
      'integration-id': 'WS-Integration_crm_opportunity',
      data: 'opportunity_id,name,stage\nrelease-1,Release One,proposal\n',
      'wait-for-completion': 'true',
      'fail-on-row-errors': 'true',
    });
    expect(loaded.errors).toEqual([]);
    expect(loaded.outputs['succcess-count']).toBe('1');
  });
});
