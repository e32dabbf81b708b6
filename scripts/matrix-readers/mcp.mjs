// The mcp column of the conformance matrix (see matrix.mjs).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { load, root } from './built.mjs';

/** The operations the built MCP server offers as tools, or undefined when it is not built. */
export async function readMcp() {
  // The tools the built server lists when started as an MCP host starts it (stdio, the built-in
  // sandbox), asked with the official client; an operation counts when its tool is listed and
  // takes each of the operation's required fields.
  const folder = join(root, 'packages/mcp-server');
  const server = await load('packages/mcp-server/dist/index.js');
  const core = await load('packages/core/dist/index.js');
  if (!server || !core || !existsSync(join(folder, 'dist/workspan-mcp-server.js'))) return undefined;
  const require = createRequire(join(folder, 'package.json'));
  const { Client } = require('@modelcontextprotocol/client');
  const { StdioClientTransport } = require('@modelcontextprotocol/client/stdio');
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('WORKSPAN_')),
  );
  const client = new Client({ name: 'workspan-matrix', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [join(folder, 'dist/workspan-mcp-server.js')],
      env,
      stderr: 'ignore',
    }),
  );
  try {
    const { tools } = await client.listTools();
    const listed = new Map(tools.map((tool) => [tool.name, tool]));
    return new Set(
      Object.values(core.catalogue).flatMap((operation) => {
        const name =
          operation.kind === 'trigger'
            ? server.watchToolName(operation)
            : server.operationToolName(operation);
        const takes = Object.keys(listed.get(name)?.inputSchema?.properties ?? {});
        const required = Object.entries(operation.fields)
          .filter(([, field]) => field.role !== 'callbackUrl' && core.describeField(field).required)
          .map(([field]) => field);
        return listed.has(name) && required.every((field) => takes.includes(field)) ? [operation.id] : [];
      }),
    );
  } finally {
    await client.close();
  }
}
