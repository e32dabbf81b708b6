// The server tried as a new user would: packed, installed from the tarballs, started with `npx`
// (the built-in sandbox, no connection configured), and every tool called with the MCP Inspector's
// command-line mode. Each Inspector call is a session of its own, so the HTTP server (one process,
// one sandbox) carries what one call created to the next.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installPackedServer, type PackedInstall } from './test-support/packed-install.js';
import { type HttpServerProcess, serverEnvironment, startHttpServer } from './test-support/server-process.js';
import { testTool } from './test-support/test-tools.js';
import { toolList } from './tools/tool-list.js';

const run = promisify(execFile);
const token = 'new-user-token-0123456789abcdefghijklmnop';
const integrationId = 'WS-Integration_crm_opportunity';
type Structured = Record<string, unknown>;

let install: PackedInstall;
let home: string;
let server: HttpServerProcess;
// `npx` and the server run on the Node running the tests (the server needs Node 22.13 or later).
const environment = () => ({
  ...serverEnvironment({ WORKSPAN_MCP_TOKEN: token, HOME: home, XDG_STATE_HOME: home }),
  PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
});

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'workspan-mcp-new-user-home-'));
  await testTool('mcp-inspector');
  install = await installPackedServer();
  server = await startHttpServer(environment(), [], {
    command: 'npx',
    args: ['workspan-mcp-server'],
    cwd: install.folder,
  });
}, 600_000);

afterAll(async () => {
  await server?.stop();
  await install?.remove();
  if (home) await rm(home, { recursive: true, force: true });
});

/** One Inspector run; a tool's error result is answered too (the Inspector then exits 1). */
async function inspect(target: string[], args: string[]): Promise<Structured> {
  const command = [await testTool('mcp-inspector'), '--cli', ...target, ...args];
  const options = { env: environment(), cwd: install.folder, maxBuffer: 16 * 1024 * 1024 };
  const stdout = await run(process.execPath, command, options).then(
    (done) => done.stdout,
    (error: { stdout?: string }) => error.stdout ?? '',
  );
  // The result comes first; after a tool error the Inspector adds a line of its own.
  const result = /^\{[\s\S]*?^\}$/m.exec(stdout)?.[0];
  if (!result) throw new Error(`the Inspector answered no result: ${stdout}`);
  return JSON.parse(result) as Structured;
}

const called = new Set<string>();

/** Calls a tool over HTTP through the Inspector, each argument as the Inspector takes it (key=value). */
async function call(name: string, args: Record<string, unknown> = {}): Promise<Structured> {
  called.add(name);
  const pairs = Object.entries(args).flatMap(([key, value]) => [
    '--tool-arg',
    `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`,
  ]);
  return inspect(
    [server.url, '--transport', 'http', '--header', `Authorization: Bearer ${token}`],
    ['--method', 'tools/call', '--tool-name', name, ...pairs],
  );
}

async function answer(name: string, args: Record<string, unknown> = {}): Promise<Structured> {
  const result = await call(name, args);
  expect(result.isError, JSON.stringify(result.content)).toBeUndefined();
  return result.structuredContent as Structured;
}

describe('the packed server, started with npx and driven by the MCP Inspector', () => {
  it('lists the tools over stdio', async () => {
    const { tools } = await inspect(
      ['--cwd', install.folder, 'npx', 'workspan-mcp-server'],
      ['--method', 'tools/list'],
    );
    expect((tools as { name: string }[]).map((tool) => tool.name)).toEqual(
      toolList().map((tool) => tool.definition.name),
    );
  });

  it('answers every tool over HTTP from the built-in sandbox', async () => {
    // Calls that need nothing from one another run two at a time.
    const [integrations, events] = await Promise.all([
      answer('workspan_metadata_list_integrations'),
      answer('workspan_metadata_list_events'),
    ]);
    expect(JSON.stringify(integrations)).toContain(integrationId);
    expect(JSON.stringify(events)).toContain('task.assigned');
    const [eventSchema, objectEventSchema] = await Promise.all([
      answer('workspan_metadata_get_event_schema', { event: 'task.assigned' }),
      answer('workspan_metadata_get_object_event_schema', { integrationId }),
    ]);
    expect(eventSchema).toHaveProperty('schema');
    expect(JSON.stringify(objectEventSchema)).toContain('sales_details.crm_opportunity_id');

    const waited = { waitForCompletion: true, pollInterval: 1000 };
    const loaded = await answer('workspan_bulk_load_load_data', {
      integrationId,
      data: 'opportunity_id,name,stage\n006NEWUSER1,New user data,prospecting\n',
      ...waited,
    });
    expect(loaded.status).toMatchObject({ status: 'completed', error_count: 0 });
    const rows = [{ opportunity_id: '006NEWUSER2', name: 'New user rows', stage: 'won' }];
    await answer('workspan_bulk_load_load_opportunities', {
      integrationId,
      contentType: 'json',
      data: rows,
      ...waited,
    });
    const file = { name: 'deals.csv', content: 'opportunity_id,name,stage\n006NEWUSER3,New user file,won\n' };
    const started = await answer('workspan_bulk_load_upload_data_file', {
      integrationId,
      dataFormat: 'csv',
      file,
    });
    const status = await answer('workspan_bulk_load_get_status', {
      integrationId,
      executionId: started.execution_id,
    });
    expect(status.execution_id).toBe(started.execution_id);
    const path = join(install.folder, 'opportunities.csv');
    await writeFile(path, 'opportunity_id,name,stage\n006NEWUSER4,New user path,won\n');
    await answer('workspan_bulk_load_upload_opportunities_file', {
      integrationId,
      contentType: 'csv',
      file: path,
      ...waited,
    });

    const reports = await answer('workspan_report_get_many', { returnAll: true });
    expect((reports.results as Structured[]).map((report) => report.id)).toContain(1001);
    const filters = {
      op: 'AND',
      fieldFilters: [{ colId: 'crm_id', type: 'TEXT', filter: { op: 'EQUAL_TO', value: '006NEWUSER2' } }],
    };
    const found = await answer('workspan_report_get_rows', { reportId: 1001, filters, limit: 5 });
    const [row] = found.results as Structured[];
    expect(row).toMatchObject({ name: 'New user rows', stage: 'won' });
    const objectId = String(row?.object_id);
    await answer('workspan_object_set_external_id', {
      objectId,
      externalId: 'ACC-NEW-USER',
      fieldName: 'account_info.external_account_id',
    });
    expect((await answer('workspan_object_get_external_ids', { objectId })).external_ids).toContainEqual({
      field_name: 'account_info.external_account_id',
      external_id: 'ACC-NEW-USER',
    });
    await answer('workspan_object_add_audit_entry', { objectId, statusCode: 'LINKED', message: 'new user' });

    const [watch, referrals] = await Promise.all([
      answer('workspan_watch_object_event', { integrationId, events: ['object.stage_change'] }),
      answer('workspan_watch_partner_center_referral_submit', {
        integrationId: 'WS-Integration_partner_center',
      }),
    ]);
    await answer('workspan_watch_collaboration_event', { event: 'task.assigned' });
    expect(await answer('workspan_subscription_get', { subscriberId: watch.subscriberId })).toMatchObject({
      subscriber_id: watch.subscriberId,
      event: ['object.stage_change'],
    });
    await answer('workspan_subscription_delete', { subscriberId: referrals.subscriberId });
    // A watch belongs to the session that started it, and each Inspector run is a session of its own.
    for (const name of ['workspan_watch_read', 'workspan_watch_stop']) {
      const other = await call(name, { watchId: watch.watchId });
      expect(other.isError).toBe(true);
      expect(JSON.stringify(other.content)).toContain(
        'watchId: expected the watchId of a watch started in this session',
      );
    }

    expect([...called].sort()).toEqual(
      toolList()
        .map((tool) => tool.definition.name)
        .sort(),
    );
  }, 300_000);
});
