import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededIntegrations } from '@workspan-kit/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SandboxSteps, startSandboxSteps } from './test-support/sandbox-step.js';

/** The action where a runner, a workspace or an event is not what it expects. */
let steps: SandboxSteps;
let outside: string;

beforeAll(async () => {
  steps = await startSandboxSteps();
  outside = mkdtempSync(join(tmpdir(), 'workspan-action-outside-'));
  writeFileSync(join(outside, 'secret.csv'), 'opportunity_id,name\nleak-1,Leaked\n');
});

afterAll(async () => {
  await steps?.close();
  rmSync(outside, { recursive: true, force: true });
});

function workspaceWith(files: (workspace: string) => void): string {
  const workspace = mkdtempSync(join(tmpdir(), 'workspan-action-links-'));
  files(workspace);
  return workspace;
}

describe('symbolic links out of the workspace', () => {
  const upload = (file: string) => ({
    operation: 'BulkloadOpportunityFileAttachment',
    'integration-id': seededIntegrations.crmOpportunity,
    file,
  });

  it('refuses a file that links outside, and one inside a linked folder', async () => {
    const workspace = workspaceWith((folder) => {
      symlinkSync(join(outside, 'secret.csv'), join(folder, 'passwd.csv'));
      symlinkSync(outside, join(folder, 'linked'));
    });
    for (const file of ['passwd.csv', 'linked/secret.csv']) {
      const result = await steps.step(upload(file), { workspace });
      expect(result.exitCode, file).toBe(1);
      expect(result.errors[0]).toMatch(
        /^Input "file" of BulkloadOpportunityFileAttachment: expected .*workspace/,
      );
    }
    rmSync(workspace, { recursive: true, force: true });
  });

  it('still takes a link that stays inside the workspace', async () => {
    const workspace = workspaceWith((folder) => {
      mkdirSync(join(folder, 'data'));
      writeFileSync(join(folder, 'data/rows.csv'), 'opportunity_id,name\nin-1,Inside\n');
      symlinkSync(join(folder, 'data/rows.csv'), join(folder, 'rows.csv'));
    });
    const result = await steps.step(upload('rows.csv'), { workspace });
    expect(result.errors).toEqual([]);
    expect(result.outputs['execution-id']).toBeTruthy();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('writes no rows-file through a linked folder, and replaces a linked rows-file instead of writing through it', async () => {
    const workspace = workspaceWith((folder) => {
      symlinkSync(outside, join(folder, 'out'));
      symlinkSync(join(outside, 'secret.csv'), join(folder, 'reports.csv'));
    });
    const through = await steps.step(
      { operation: 'GetReportList', 'rows-file': 'out/reports.json' },
      { workspace },
    );
    expect(through.exitCode).toBe(1);
    expect(through.errors[0]).toMatch(/^Input "rows-file" of GetReportList: expected .*workspace/);
    expect(existsSync(join(outside, 'reports.json'))).toBe(false);
    const replaced = await steps.step(
      { operation: 'GetReportList', 'rows-file': 'reports.csv' },
      { workspace },
    );
    expect(replaced.errors).toEqual([]);
    expect(readFileSync(join(outside, 'secret.csv'), 'utf8')).toContain('leak-1');
    expect(readFileSync(join(workspace, 'reports.csv'), 'utf8')).not.toContain('leak-1');
    rmSync(workspace, { recursive: true, force: true });
  });
});

describe('rows-file', () => {
  it('refuses a folder (or the workspace itself) before anything is read', async () => {
    const workspace = workspaceWith((folder) => mkdirSync(join(folder, 'out')));
    for (const rowsFile of ['out', '.', 'out/']) {
      const result = await steps.step({ operation: 'GetReportList', 'rows-file': rowsFile }, { workspace });
      expect(result.exitCode, rowsFile).toBe(1);
      expect(result.errors[0], rowsFile).toMatch(/^Input "rows-file" of GetReportList: expected /);
      expect(result.stdout, rowsFile).not.toMatch(/rows\./);
    }
    rmSync(workspace, { recursive: true, force: true });
  });
});

describe('the runner', () => {
  it('without a job summary file, warns and keeps the step green after the work is done', async () => {
    const workspace = workspaceWith(() => undefined);
    const result = await steps.step(
      { operation: 'GetReportList', 'rows-file': 'reports.json' },
      { workspace, env: { GITHUB_STEP_SUMMARY: '' } },
    );
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/::warning::.*job summary/);
    expect(existsSync(join(workspace, 'reports.json'))).toBe(true);
    rmSync(workspace, { recursive: true, force: true });
  });

  it("puts out end-of-list (and a report's version) for one page of a report and of the report list", async () => {
    const list = JSON.parse(
      (await steps.step({ operation: 'GetReportList', 'page-size': '2' })).outputs.result ?? '[]',
    ) as { id: number }[];
    const pages: Record<string, string>[] = [
      { operation: 'GetReportData', 'report-id': String(list[0]?.id) },
      { operation: 'GetReportList' },
    ];
    for (const inputs of pages) {
      const page = await steps.step({ ...inputs, 'page-number': '0', 'page-size': '2' });
      expect(page.errors, inputs.operation).toEqual([]);
      expect(page.outputs['end-of-list'], inputs.operation).toMatch(/^(true|false)$/);
      if (inputs.operation === 'GetReportData') expect(page.outputs.version).toMatch(/^\d+$/);
    }
  });
});
