import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { convertActionTemplate, parseAction } from '@actions/workflow-parser/actions/index';
import { NoOperationTraceWriter } from '@actions/workflow-parser/templates/trace-writer';
import { describe, expect, it } from 'vitest';
import { allOutputs } from './action-outputs.js';
import { actionOperations } from './action-spec.js';
import { actionFolder } from './test-support/run-as-runner.js';

const manifestText = readFileSync(join(actionFolder, 'action.yml'), 'utf8');

describe('action.yml', () => {
  it('is valid for GitHub’s own parser, runs on node24, and declares every input of every operation and every output', () => {
    const parsed = parseAction({ name: 'action.yml', content: manifestText }, new NoOperationTraceWriter());
    expect(parsed.context.errors.getErrors().map((error) => error.message)).toEqual([]);
    const template = convertActionTemplate(parsed.context, parsed.value as never);
    expect(parsed.context.errors.getErrors().map((error) => error.message)).toEqual([]);
    expect(template.runs).toMatchObject({ using: 'node24', main: 'dist/index.js' });
    expect(template.branding).toBeDefined();
    const declared = new Set((template.inputs ?? []).map((input) => input.id));
    for (const operation of actionOperations)
      for (const input of operation.inputs)
        expect(declared, `${operation.id}: ${input.name}`).toContain(input.name);
    expect((template.outputs ?? []).map((output) => output.id).sort()).toEqual(
      allOutputs()
        .map((output) => output.name)
        .sort(),
    );
    // Defaults would reach every operation as given inputs; the action applies its own.
    expect((template.inputs ?? []).filter((input) => input.default !== undefined)).toEqual([]);
  });

  it('is refused by the parser when broken, so the check above can fail', () => {
    const broken = manifestText.replace('using: node24', 'using: node22');
    const parsed = parseAction({ name: 'action.yml', content: broken }, new NoOperationTraceWriter());
    convertActionTemplate(parsed.context, parsed.value as never);
    expect(parsed.context.errors.getErrors().length).toBeGreaterThan(0);
  });

  it('and dist/ and the README are what the build writes from the catalogue (the committed copies are fresh)', () => {
    // The build ran before the tests (turbo's test task depends on it) and rewrote these files.
    const stale = execFileSync('git', ['status', '--porcelain', '--', 'action.yml', 'dist', 'README.md'], {
      cwd: actionFolder,
      encoding: 'utf8',
    });
    expect(
      stale,
      'run `pnpm --filter @workspan-kit/github-action build` and commit action.yml, dist/ and README.md',
    ).toBe('');
  });
});
