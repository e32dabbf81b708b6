import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RecordingProxy, startRecordingProxy } from './test-support/recording-proxy.js';
import {
  type HttpServerProcess,
  serverEntry,
  serverEnvironment,
  startHttpServer,
} from './test-support/server-process.js';
import { testTool } from './test-support/test-tools.js';

const run = promisify(execFile);
const token = 'conformance-token-0123456789abcdefghijklmnop';

/**
 * The conformance scenarios that apply to a server without the suite's own fixture: the others
 * call tools named `test_*`, read `test://` resources, or need prompts, completions, logging,
 * sampling or elicitation, which this server does not offer.
 */
export const applicableScenarios = [
  'server-initialize',
  'ping',
  'tools-list',
  'server-sse-multiple-streams',
  'resources-list',
  'resources-subscribe',
  'resources-unsubscribe',
  'dns-rebinding-protection',
];

let home: string;
let server: HttpServerProcess;
let proxy: RecordingProxy;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'workspan-mcp-tools-'));
  await testTool('conformance');
  server = await startHttpServer({ WORKSPAN_MCP_TOKEN: token, XDG_STATE_HOME: home });
  // The suite sends no token of its own: a proxy in front adds it, and passes everything else on.
  proxy = await startRecordingProxy(new URL(server.url).origin, { authorization: `Bearer ${token}` });
}, 300_000);

afterAll(async () => {
  await proxy?.close();
  await server?.stop();
  await rm(home, { recursive: true, force: true });
});

describe('the MCP Inspector in command-line mode', () => {
  const inspect = async (...args: string[]) => {
    const { stdout } = await run(
      process.execPath,
      [await testTool('mcp-inspector'), '--cli', process.execPath, serverEntry, ...args],
      { env: { ...serverEnvironment(), HOME: home }, maxBuffer: 16 * 1024 * 1024 },
    );
    return JSON.parse(stdout);
  };

  it('lists the tools over stdio', async () => {
    const { tools } = await inspect('--method', 'tools/list');
    expect(tools.map((tool: { name: string }) => tool.name)).toContain('workspan_report_get_rows');
  });

  it('calls a tool over stdio', async () => {
    const result = await inspect(
      '--method',
      'tools/call',
      '--tool-name',
      'workspan_report_get_rows',
      '--tool-arg',
      'reportId=1003',
      '--tool-arg',
      'limit=1',
    );
    expect(result.isError).toBeUndefined();
    expect(result.structuredContent.results).toHaveLength(1);
    expect(result.structuredContent.results[0].stage).toBe('won');
  });
});

describe('the protocol conformance suite, server mode, over HTTP', () => {
  it.each(applicableScenarios)('passes %s', async (scenario) => {
    const { stdout } = await run(
      process.execPath,
      [await testTool('conformance'), 'server', '--url', `${proxy.url}/mcp`, '--scenario', scenario],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    // The suite exits 1 on any failure (execFile rejects then); the summary says what ran.
    expect(stdout).toMatch(/Passed: (\d+)\/\1, 0 failed/);
  });
});
