import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type RunningSandbox, startSandbox } from '@workspan-kit/sandbox';
import { type AdminAnswers, connectionVariables, sandboxAdmin } from '@workspan-kit/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporaryFolder } from './test-support/temporary-folders.js';
import {
  allOutputs,
  assertBuilt,
  cleanEnvironment,
  workspan,
  workspanClosingOutput,
} from './test-support/workspan-process.js';

let sandbox: RunningSandbox;
let env: Record<string, string>;
const work = temporaryFolder('workspan-cli-test-');

beforeAll(async () => {
  assertBuilt();
  sandbox = await startSandbox({ rateLimit: false });
  env = cleanEnvironment(connectionVariables(sandbox));
});

afterAll(async () => {
  await sandbox?.close();
});

describe('help', () => {
  it('lists the command groups', async () => {
    const result = await workspan(['--help'], env);
    expect(result.code).toBe(0);
    for (const group of ['bulk-load', 'object', 'report', 'metadata', 'subscription', 'listen', 'sandbox']) {
      expect(result.stdout).toMatch(new RegExp(`^  ${group}\\b`, 'm'));
    }
  });

  it("shows an operation's fields with their defaults, also under its operationId", async () => {
    const result = await workspan(['bulk-load', 'get-status', '--help'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Get the status of the bulkload operation');
    expect(result.stdout).toMatch(/Required options:\n\s+--integration-id <id>/);
    expect(result.stdout).toMatch(
      /--max-errors <n>\s+Max Errors: Maximum number of row errors to return\. \(default: 5\)/,
    );
    expect(result.stdout).toContain('--no-include-errors');
    const alias = await workspan(['GetBulkloadStatus', '--help'], env);
    expect(alias.stdout).toContain('--execution-id <id>');
    const choices = await workspan(['bulk-load', 'load-data', '--help'], env);
    expect(choices.stdout.replace(/\s+/g, ' ')).toContain('(choices: "csv", "json", default: "csv")');
  });
});

describe('flag errors', () => {
  let hits = 0;
  let server: Server;
  let countingEnv: Record<string, string>;
  beforeAll(async () => {
    // Any request at all reaches this server; it must see none.
    server = createServer((_request, response) => {
      hits++;
      response.writeHead(500).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    countingEnv = {
      ...env,
      WORKSPAN_ENVIRONMENT: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    };
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('names the flag, exits 1 and sends nothing', async () => {
    const badNumber = await workspan(
      [
        'bulk-load',
        'get-status',
        '--integration-id',
        'WS-Integration_crm_opportunity',
        '--execution-id',
        'e1',
        '--max-errors',
        '-3',
      ],
      countingEnv,
    );
    expect(badNumber.code).toBe(1);
    expect(badNumber.stderr).toContain('error: --max-errors: expected a number of errors (0 or more)');
    expect(badNumber.stderr).not.toMatch(/\n\s+at /); // no stack without --debug

    const missing = await workspan(['object', 'get-external-id'], countingEnv);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('--object-id: expected');
    expect(missing.stderr).toContain('(required)');

    const badChoice = await workspan(
      [
        'BulkloadData',
        '--integration-id',
        'WS-Integration_crm_opportunity',
        '--data-format',
        'xml',
        '--data',
        'a',
      ],
      countingEnv,
    );
    expect(badChoice.code).toBe(1);
    expect(badChoice.stderr).toContain('--data-format: expected csv or json');

    const badJson = await workspan(
      ['report', 'get-data', '--report-id', '1001', '--filters', '{not json'],
      countingEnv,
    );
    expect(badJson.code).toBe(1);
    expect(badJson.stderr).toContain('--filters: expected JSON text or @file.json');
    expect(hits).toBe(0);
  });

  it('exits 2 on usage errors', async () => {
    const unknown = await workspan(['bulk-load', 'load-data', '--integration-idd', 'x'], countingEnv);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown option '--integration-idd'");
    expect((await workspan(['no-such-command'], countingEnv)).code).toBe(2);
    expect(hits).toBe(0);
  });
});

describe('operations against the sandbox', () => {
  it('metadata list-integrations --json prints exactly the answer', async () => {
    const result = await workspan(['metadata', 'list-integrations', '--json'], env);
    expect(result.code).toBe(0);
    const answer = JSON.parse(result.stdout);
    expect(answer.integrations.map((i: { integration_id: string }) => i.integration_id)).toEqual(
      expect.arrayContaining([
        'WS-Integration_crm_opportunity',
        'WS-Integration_crm_account',
        'WS-Integration_partner_center',
      ]),
    );
    expect(result.stderr).toBe('');
  });

  it('bulk loads a CSV file and waits for the counts and row errors', async () => {
    const file = join(work, 'deals.csv');
    writeFileSync(
      file,
      'opportunity_id,name,stage,amount\nCLI-1,First deal,proposal,1000\nCLI-2,Second deal,not-a-stage,2000\nCLI-3,Third deal,won,3000\n',
    );
    const result = await workspan(
      [
        'bulk-load',
        'load-data-file',
        '--integration-id',
        'WS-Integration_crm_opportunity',
        '--data-format',
        'csv',
        '--file',
        file,
        '--wait',
        '--poll-interval',
        '1000',
      ],
      env,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /Bulk load \S+ partly failed: 3 rows read, 2 written, 1 refused, 0 skipped/,
    );
    expect(result.stdout).toMatch(/│ succeeded\s+│ 2/);
    expect(result.stdout).toContain('Row errors (1 shown)');
    expect(result.stdout).toContain('CLI-2');
    // stderr is not a terminal here: one line per status change, no bar.
    expect(result.stderr).toMatch(/: partly failed, 3 of 3 rows processed/);

    const fromStdin = await workspan(
      [
        'BulkloadData',
        '--integration-id',
        'WS-Integration_crm_opportunity',
        '--data',
        '-',
        '--wait',
        '--poll-interval',
        '1000',
        '--json',
      ],
      env,
      'opportunity_id,name,stage\nCLI-4,Fourth deal,won\n',
    );
    expect(fromStdin.code, fromStdin.stderr).toBe(0);
    expect(JSON.parse(fromStdin.stdout)).toMatchObject({
      status: 'completed',
      input_count: 1,
      error_count: 0,
    });
  });

  it('object get-external-id shows the CRM id of an object', async () => {
    const { objects } = await sandboxAdmin<AdminAnswers['objects']>(
      sandbox,
      '/objects?type=opportunity&limit=1',
    );
    const object = objects[0];
    if (!object) throw new Error('the seeded sandbox has no opportunity');
    const result = await workspan(
      ['object', 'get-external-id', '--object-id', object.object_id, '--json'],
      env,
    );
    expect(result.code, result.stderr).toBe(0);
    const answer = JSON.parse(result.stdout);
    expect(answer.external_ids).toContainEqual(
      expect.objectContaining({
        field_name: 'sales_details.crm_opportunity_id',
        external_id: object.fields['sales_details.crm_opportunity_id'],
      }),
    );
    const human = await workspan(['object', 'get-external-id', '--object-id', object.object_id], env);
    expect(human.stdout).toContain(object.fields['sales_details.crm_opportunity_id']);
    expect(human.stdout).toContain('│ object_id');
  });

  it('report get-data applies a filter', async () => {
    const filter = {
      op: 'AND',
      fieldFilters: [{ colId: 'stage', type: 'TEXT', filter: { op: 'IN', values: ['won'] } }],
    };
    const filterFile = join(work, 'won.json');
    writeFileSync(filterFile, JSON.stringify(filter));
    const result = await workspan(
      [
        'report',
        'get-data',
        '--report-id',
        '1001',
        '--filters',
        `@${filterFile}`,
        '--page-size',
        '20',
        '--json',
      ],
      env,
    );
    expect(result.code, result.stderr).toBe(0);
    const answer = JSON.parse(result.stdout);
    expect(answer.results.length).toBeGreaterThan(0);
    for (const row of answer.results) expect(row.stage).toBe('won');

    const shortcut = await workspan(
      ['report', '1001', '--filter', JSON.stringify(filter), '--limit', '3'],
      env,
    );
    expect(shortcut.code, shortcut.stderr).toBe(0);
    const rows = shortcut.stdout.split('\n').filter((line) => line.includes('WS-Project_'));
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row).toMatch(/│ won\s+│/);
  });

  it('names the flag when a subscription is not found', async () => {
    const result = await workspan(['subscription', 'read', '--subscriber-id', 'missing-subscriber'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('HTTP 404');
  });
});

describe('connection', () => {
  it('uses the built-in sandbox when nothing is configured', async () => {
    const result = await workspan(['integrations'], cleanEnvironment());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(
      /^No WorkSpan connection configured: using the built-in sandbox at http:\/\/127\.0\.0\.1:\d+ \(data is not saved\)\.\n$/,
    );
    expect(result.stdout).toContain('WS-Integration_crm_opportunity');
  });

  it('checks the flags before starting the built-in sandbox', async () => {
    const noConnection = cleanEnvironment();
    const runs: [string[], string][] = [
      [['object', 'get-external-id'], 'error: --object-id: expected'],
      [
        ['bulk-load', 'get-status', '--integration-id', 'i', '--execution-id', 'e', '--max-errors', '-3'],
        'error: --max-errors: expected',
      ],
      [['report', 'x1'], 'error: <report-id>: expected a numeric report id'],
      [
        ['listen', 'object', '--integration-id', 'i', '--public-url', 'ftp://x'],
        'error: --public-url: expected',
      ],
    ];
    for (const [args, message] of runs) {
      const result = await workspan(args, noConnection);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr).toContain(message);
      expect(result.stderr).not.toContain('built-in sandbox');
    }
  });

  it('reads a profile, and flags win over it', async () => {
    const profileFile = join(work, 'profiles.json');
    const { clientId, clientSecret, hostname } = sandbox.credentials;
    writeFileSync(
      profileFile,
      JSON.stringify({
        demo: { environment: sandbox.url, clientId, clientSecret, hostname: 'unknown.workspan.com' },
      }),
    );
    const profileEnv = cleanEnvironment({ WORKSPAN_PROFILE_FILE: profileFile });
    const wrongHost = await workspan(['integrations', '--profile', 'demo'], profileEnv);
    expect(wrongHost.code).toBe(1);
    const fixed = await workspan(
      ['integrations', '--profile', 'demo', '--hostname', hostname, '--json'],
      profileEnv,
    );
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(JSON.parse(fixed.stdout).integrations.length).toBeGreaterThan(0);
    const missing = await workspan(['integrations', '--profile', 'nope'], profileEnv);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no profile "nope"');
  });

  it('never falls back to the built-in sandbox once anything was given', async () => {
    const profileFile = join(work, 'connector-names.json');
    writeFileSync(
      profileFile,
      JSON.stringify({
        prod: {
          environment_url: sandbox.url,
          client_id: 'x',
          client_secret: 'y',
          hostname: 'z.workspan.com',
        },
      }),
    );
    const upload = ['bulk-load', 'load-data', '--integration-id', 'WS-Integration_crm_opportunity', '--data'];
    const runs: [Record<string, string>, string[], string][] = [
      [{ WORKSPAN_PROFILE_FILE: profileFile }, ['--profile', 'prod'], 'profile "prod"'],
      [{ WORKSPAN_ENVIRONMENT: sandbox.url }, [], 'give --client-id or WORKSPAN_CLIENT_ID'],
      [
        { WORKSPAN_CLIENT_ID: '', WORKSPAN_CLIENT_SECRET: '', WORKSPAN_HOSTNAME: '' },
        [],
        'are set but empty',
      ],
    ];
    for (const [variables, flags, message] of runs) {
      const result = await workspan([...upload, 'id\n1\n', ...flags], cleanEnvironment(variables));
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain(message);
      expect(result.stderr).not.toContain('built-in sandbox');
    }
  });

  it('keeps a refused secret out of the error', async () => {
    const result = await workspan(['integrations', '--client-secret', 'wrong-secret-4c1f9e'], {
      ...env,
      WORKSPAN_CLIENT_SECRET: '',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('HTTP 401');
    expect(result.stderr).not.toContain('wrong-secret-4c1f9e');
    expect(result.stdout).toBe('');
  });
});

describe('output closed by its reader (| head)', () => {
  it('ends quietly with exit 0, for tables and for JSON streamed row by row', async () => {
    const runs = [
      ['report', '1001', '--json'],
      ['report', '1001'],
      ['report', 'get-data', '--report-id', '1001', '--page-size', '300', '--json'],
      ['reports', '--json'],
    ];
    for (const args of runs) {
      const result = await workspanClosingOutput(args, env);
      expect(result.firstChunk.length, args.join(' ')).toBeGreaterThan(0);
      expect(result.stderr, args.join(' ')).toBe('');
      expect(result.code, args.join(' ')).toBe(0);
    }
  });
});

describe('hostile API data', () => {
  const clearScreen = 'E\x1b[2J\x1b[31mX';
  const setTitle = 'T\x1b]0;owned\x07';

  it('is shown escaped in tables; --json keeps it as it is', async () => {
    const { objects } = await sandboxAdmin<AdminAnswers['objects']>(
      sandbox,
      '/objects?type=opportunity&limit=1',
    );
    const object = objects[0];
    if (!object) throw new Error('the seeded sandbox has no opportunity');
    // The CLI refuses to send such an id, but another system may have stored one.
    await sandboxAdmin(sandbox, `/objects/${object.object_id}`, {
      method: 'PATCH',
      body: { fields: { 'sales_details.crm_opportunity_id': clearScreen } },
    });
    const human = await workspan(['object', 'get-external-id', '--object-id', object.object_id], env);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).not.toContain('\x1b');
    expect(human.stdout).toContain('E\\x1b[2J\\x1b[31mX');
    const json = await workspan(
      ['object', 'get-external-id', '--object-id', object.object_id, '--json'],
      env,
    );
    expect(JSON.stringify(JSON.parse(json.stdout))).toContain(JSON.stringify(clearScreen).slice(1, -1));
  });

  it('is shown escaped in bulk-load row errors', async () => {
    const result = await workspan(
      [
        'bulk-load',
        'load-data',
        '--integration-id',
        'WS-Integration_crm_opportunity',
        '--data',
        `opportunity_id,name,stage\n${setTitle},Hostile,not-a-stage\n`,
        '--wait',
        '--poll-interval',
        '1000',
      ],
      env,
    );
    expect(result.stdout).toContain('Row errors (1 shown)');
    expect(result.stdout).toContain('T\\x1b]0;owned\\x07');
    expect(result.stdout + result.stderr).not.toContain('\x1b');
  });
});

describe('secrets', () => {
  it('never appear in any output', () => {
    expect(allOutputs.length).toBeGreaterThan(10);
    for (const output of allOutputs) {
      expect(output).not.toContain(sandbox.credentials.clientSecret);
      expect(output).not.toContain('wrong-secret-4c1f9e');
    }
  });
});
