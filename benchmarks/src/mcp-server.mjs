// A tool call through the MCP server over stdio (the official client, one server process) against
// the same call through core's client in this process, both to one sandbox; and the size of the
// tool list, which every agent carries in its context. Two figures say where the gap comes from:
// the floor (an echo server with the same SDK, tool and answer, no WorkSpan call) and core's client
// in a fresh process of its own (the server's cold start and hop to the sandbox, without MCP).
// Every side makes the same calls one at a time, with the same warm-up and count (timedCalls).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { createUndiciTransport, createWorkSpanClient } from '@workspan-kit/core/node';
import { startSandbox } from '@workspan-kit/sandbox';
import { timedCalls } from './mcp-timed-calls.mjs';
import { here, paired, runJson } from './measure.mjs';

// The server's command as npm installs it for `npx @workspan-kit/mcp-server`.
const serverEntry = createRequire(import.meta.url)
  .resolve('@workspan-kit/mcp-server/package.json')
  .replace(/package\.json$/, 'dist/workspan-mcp-server.js');

const toolName = 'workspan_metadata_list_integrations';

/** Starts a stdio server with the official client, uses it, and closes it. */
async function withStdioClient(args, env, use) {
  const client = new Client({ name: 'workspan-bench', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args, env, stderr: 'ignore' }));
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

const timedToolCalls = (client) => timedCalls(() => client.callTool({ name: toolName, arguments: {} }));

export async function measureMcpServer({ runs }) {
  const sandbox = await startSandbox({ port: 0, rateLimit: false });
  const connection = { environment: sandbox.url, ...sandbox.credentials };
  const env = {
    PATH: process.env.PATH,
    WORKSPAN_ENVIRONMENT: sandbox.url,
    WORKSPAN_CLIENT_ID: sandbox.credentials.clientId,
    WORKSPAN_CLIENT_SECRET: sandbox.credentials.clientSecret,
    WORKSPAN_HOSTNAME: sandbox.credentials.hostname,
  };
  const folder = await mkdtemp(join(tmpdir(), 'workspan-bench-mcp-'));
  const echoFile = join(folder, 'echo.json');
  let tools = [];
  try {
    const throughServer = () =>
      withStdioClient([serverEntry], env, async (client) => {
        tools = (await client.listTools()).tools;
        return timedToolCalls(client);
      });
    const throughCore = async () => {
      const transport = createUndiciTransport();
      const client = createWorkSpanClient({ connection, transport });
      try {
        return await timedCalls(() => client.call('GetIntegrationList', {}));
      } finally {
        await transport.close();
      }
    };
    const server = await paired(runs, throughServer, throughCore, { callsPerSecond: (value) => value });

    // The echo server answers with the tool's own definition and the sandbox's own answer.
    const answer = await withStdioClient(
      [serverEntry],
      env,
      async (client) => (await client.callTool({ name: toolName, arguments: {} })).structuredContent,
    );
    const tool = tools.find((listed) => listed.name === toolName);
    await writeFile(echoFile, JSON.stringify({ tool, answer }));
    const floor = await paired(
      runs,
      () => withStdioClient([here('mcp-echo-server.mjs'), echoFile], env, timedToolCalls),
      throughCore,
      {
        callsPerSecond: (value) => value,
      },
    );
    const ownProcess = await paired(
      runs,
      throughServer,
      async () => (await runJson(here('core-calls.mjs'), [JSON.stringify(connection)])).callsPerSecond,
      { callsPerSecond: (value) => value },
    );
    const listBytes = Buffer.byteLength(JSON.stringify(tools));
    return [
      {
        name: 'mcp server: tool calls/s over stdio (list integrations, from the median call)',
        unit: 'calls/s',
        value: server.callsPerSecond.candidate,
        baselineName: "core's client, same call in-process",
        baseline: server.callsPerSecond.baseline,
        ratio: server.callsPerSecond.ratio,
        target: '≥ 0.8× (median)',
        met: server.callsPerSecond.ratio.median >= 0.8,
      },
      {
        name: 'context, mcp floor: an echo tool over stdio (same SDK, tool and answer; no WorkSpan call)',
        unit: 'calls/s',
        value: floor.callsPerSecond.candidate,
        baselineName: "core's client, same call in-process",
        baseline: floor.callsPerSecond.baseline,
        ratio: floor.callsPerSecond.ratio,
      },
      {
        name: 'context, mcp server: tool calls/s over stdio',
        unit: 'calls/s',
        value: ownProcess.callsPerSecond.candidate,
        baselineName: "core's client in a fresh process of its own",
        baseline: ownProcess.callsPerSecond.baseline,
        ratio: ownProcess.callsPerSecond.ratio,
      },
      {
        name: 'mcp server: tool list size, bytes of JSON',
        unit: 'bytes',
        value: { median: listBytes, min: listBytes, max: listBytes, runs: 1 },
      },
    ];
  } finally {
    await rm(folder, { recursive: true, force: true });
    await sandbox.close();
  }
}
