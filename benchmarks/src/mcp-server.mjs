// A tool call through the MCP server over stdio (the official client, one server process) against
// the same call through core's client in this process, both to one sandbox; and the size of the
// tool list, which every agent carries in its context.
import { createRequire } from 'node:module';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { createUndiciTransport, createWorkSpanClient } from '@workspan-kit/core/node';
import { startSandbox } from '@workspan-kit/sandbox';
import { paired, summarise } from './measure.mjs';

// The server's command as npm installs it for `npx @workspan-kit/mcp-server`.
const serverEntry = createRequire(import.meta.url)
  .resolve('@workspan-kit/mcp-server/package.json')
  .replace(/package\.json$/, 'dist/workspan-mcp-server.js');

// Under the connection's documented budget of 100 calls a minute, so neither side waits for it.
const warmUp = 10;
const measured = 80;

/** Calls per second from the median call: a shared machine's stalls do not decide the figure. */
async function timedCalls(call) {
  for (let index = 0; index < warmUp; index++) await call();
  const times = [];
  for (let index = 0; index < measured; index++) {
    const started = process.hrtime.bigint();
    await call();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return 1000 / summarise(times).median;
}

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
  let listBytes = 0;
  try {
    const throughServer = async () => {
      const client = new Client({ name: 'workspan-bench', version: '1.0.0' });
      await client.connect(
        new StdioClientTransport({
          command: process.execPath,
          args: [serverEntry],
          env,
          stderr: 'ignore',
        }),
      );
      try {
        listBytes = Buffer.byteLength(JSON.stringify((await client.listTools()).tools));
        return await timedCalls(() =>
          client.callTool({ name: 'workspan_metadata_list_integrations', arguments: {} }),
        );
      } finally {
        await client.close();
      }
    };
    const throughCore = async () => {
      const transport = createUndiciTransport();
      const client = createWorkSpanClient({ connection, transport });
      try {
        return await timedCalls(() => client.call('GetIntegrationList', {}));
      } finally {
        await transport.close();
      }
    };
    const result = await paired(runs, throughServer, throughCore, { callsPerSecond: (value) => value });
    return [
      {
        name: 'mcp server: tool calls/s over stdio (list integrations, from the median call)',
        unit: 'calls/s',
        value: result.callsPerSecond.candidate,
        baselineName: "core's client, same call in-process",
        baseline: result.callsPerSecond.baseline,
        ratio: result.callsPerSecond.ratio,
        target: '≥ 0.8× (median)',
        met: result.callsPerSecond.ratio.median >= 0.8,
      },
      {
        name: 'mcp server: tool list size, bytes of JSON',
        unit: 'bytes',
        value: { median: listBytes, min: listBytes, max: listBytes, runs: 1 },
      },
    ];
  } finally {
    await sandbox.close();
  }
}
