// The floor of a tool call over stdio: the same SDK, the same tool definition and the same answer
// as the WorkSpan MCP server's tool, answered from memory, so nothing but the protocol is measured.
// Usage: node mcp-echo-server.mjs <JSON file with { tool, answer }>
import { readFileSync } from 'node:fs';
import { Server } from '@modelcontextprotocol/server';
import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';

const { tool, answer } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const server = new Server({ name: 'echo', version: '1.0.0' }, { capabilities: { tools: {} } });
server.setRequestHandler('tools/list', async () => ({ tools: [tool] }));
// Built per call, as the WorkSpan server builds each answer.
server.setRequestHandler('tools/call', async () =>
  server.projectCallToolResult(
    { content: [{ type: 'text', text: JSON.stringify(answer) }], structuredContent: answer },
    tool.outputSchema,
  ),
);
await server.connect(new StdioServerTransport());
