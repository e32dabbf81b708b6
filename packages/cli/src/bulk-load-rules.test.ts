import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningSandbox, startSandbox } from '@workspan-kit/sandbox';
import { type AdminAnswers, connectionVariables, sandboxAdmin } from '@workspan-kit/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, cleanEnvironment, workspan } from './test-support/workspan-process.js';

// The bulk-load rules every host shares, as the command line applies them.
let sandbox: RunningSandbox;
let env: Record<string, string>;
const work = mkdtempSync(join(tmpdir(), 'workspan-cli-bulk-'));
const integration = ['--integration-id', 'WS-Integration_crm_opportunity'];

beforeAll(async () => {
  assertBuilt();
  sandbox = await startSandbox({ rateLimit: false });
  env = cleanEnvironment(connectionVariables(sandbox));
});

afterAll(async () => {
  await sandbox?.close();
  rmSync(work, { recursive: true, force: true });
});

const executions = async () =>
  (await sandboxAdmin<{ executions: unknown[] }>(sandbox, '/executions').catch(() => ({ executions: [] })))
    .executions.length;

async function objectIds(prefix: string): Promise<string[]> {
  const answer = await sandboxAdmin<AdminAnswers['objects']>(sandbox, '/objects?limit=10000');
  return answer.objects
    .map((object) => String(object.fields['sales_details.crm_opportunity_id'] ?? ''))
    .filter((id) => id.startsWith(prefix));
}

describe('bulk-load rules', () => {
  it('takes an upload format from the file name when none is given', async () => {
    const file = join(work, 'by-name.csv');
    writeFileSync(file, 'opportunity_id,name,stage\nNAME-1,By name,won\n');
    const result = await workspan(
      ['bulk-load', 'load-data-file', ...integration, '--file', file, '--wait', '--poll-interval', '1000'],
      env,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/succeeded: 1 rows read, 1 written/);
    expect(await objectIds('NAME-')).toEqual(['NAME-1']);
  });

  it('refuses a format that contradicts the file name, naming the flag, and sends nothing', async () => {
    const file = join(work, 'contradicts.csv');
    writeFileSync(file, 'opportunity_id,name\nX-1,x\n');
    const before = await executions();
    const result = await workspan(
      ['bulk-load', 'load-data-file', ...integration, '--data-format', 'xlsx', '--file', file],
      env,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--data-format: expected csv for contradicts.csv (got xlsx');
    expect(await executions()).toBe(before);
  });

  it('fails --wait when no row was written, and with --fail-on-row-errors when some were refused', async () => {
    const none = await workspan(
      ['bulk-load', 'load-data', ...integration, '--data', 'opportunity_id,name\n,nameless\n', '--wait'],
      env,
    );
    expect(none.code).toBe(1);
    expect(none.stdout).toMatch(/failed: 1 rows read, 0 written, 1 refused/);
    expect(none.stderr).toMatch(/error: Bulk load \S+ failed — 1 rows read, 0 written, 1 refused/);

    const partly = 'opportunity_id,name,stage\nPART-1,Good,won\nPART-2,Bad,not-a-stage\n';
    const tolerated = await workspan(
      ['bulk-load', 'load-data', ...integration, '--data', partly, '--wait'],
      env,
    );
    expect(tolerated.code, tolerated.stderr).toBe(0);
    const strict = await workspan(
      [
        'bulk-load',
        'load-data',
        ...integration,
        '--data',
        partly,
        '--wait',
        '--fail-on-row-errors',
        '--json',
      ],
      env,
    );
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.stdout)).toMatchObject({ status: 'completed', error_count: 1 });
    expect(strict.stderr).toMatch(/partly failed/);
  });

  it('refuses an empty upload before sending, naming the flag', async () => {
    const before = await executions();
    const empty = join(work, 'empty.csv');
    writeFileSync(empty, '');
    for (const args of [
      ['bulk-load', 'load-data', ...integration, '--data', '-'],
      ['bulk-load', 'load-data', ...integration, '--data', `@${empty}`],
      ['bulk-load', 'load-data-file', ...integration, '--file', empty],
    ]) {
      const result = await workspan(args, env, '');
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr).toMatch(
        /error: --(data|file)( \(path\))?: expected data to load, at least one row/,
      );
    }
    expect(await executions()).toBe(before);
  });

  it('takes tab as a column delimiter', async () => {
    const result = await workspan(
      [
        'bulk-load',
        'load-data',
        ...integration,
        '--column-delimiter',
        'tab',
        '--data',
        'opportunity_id\tname\nTAB-1\tTabbed\n',
        '--wait',
      ],
      env,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(await objectIds('TAB-')).toEqual(['TAB-1']);
  });

  it('refuses a poll interval below one second', async () => {
    const result = await workspan(
      ['bulk-load', 'load-data', ...integration, '--data', 'a\n1\n', '--wait', '--poll-interval', '1'],
      env,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--poll-interval: expected a whole number from 1000');
  });

  it('prints the last status and the command to check it when the wait times out', async () => {
    await sandboxAdmin(sandbox, '/executions/pause', { method: 'POST' });
    try {
      const result = await workspan(
        [
          'bulk-load',
          'load-data',
          ...integration,
          '--data',
          'opportunity_id,name\nSLOW-1,Slow\n',
          '--wait',
          '--wait-timeout',
          '1',
          '--json',
        ],
        env,
      );
      expect(result.code).toBe(1);
      const status = JSON.parse(result.stdout);
      expect(status).toMatchObject({ status: 'running' });
      expect(result.stderr).toContain(
        `Check it with: workspan bulk-load get-status --integration-id WS-Integration_crm_opportunity --execution-id ${status.execution_id}`,
      );
    } finally {
      await sandboxAdmin(sandbox, '/executions/resume', { method: 'POST' });
    }
  });
});
