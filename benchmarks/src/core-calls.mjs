// Core's client timing calls from a fresh process of its own, as the MCP server's process is:
// the same cold start and the same hop to the sandbox in another process, without MCP.
// Usage: node core-calls.mjs <JSON connection settings>; prints { callsPerSecond }.
import { createUndiciTransport, createWorkSpanClient } from '@workspan-kit/core/node';
import { timedCalls } from './mcp-timed-calls.mjs';

const transport = createUndiciTransport();
const client = createWorkSpanClient({ connection: JSON.parse(process.argv[2]), transport });
try {
  const callsPerSecond = await timedCalls(() => client.call('GetIntegrationList', {}));
  console.log(JSON.stringify({ callsPerSecond }));
} finally {
  await transport.close();
}
