// `pnpm mcp`: the sandbox, this server on HTTP in front of it, and configuration to paste into
// Claude Desktop, Cursor and VS Code. Runs until Ctrl-C; the sandbox's data is not saved.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '@workspan-kit/sandbox';
import { readCommandLine } from './command-line.js';
import { startServer } from './start-server.js';

const log = (line: string) => process.stderr.write(`${line}\n`);
const sandbox = await startSandbox({ port: 0, host: '127.0.0.1' });
const connection = {
  WORKSPAN_ENVIRONMENT: sandbox.url,
  WORKSPAN_CLIENT_ID: sandbox.credentials.clientId,
  WORKSPAN_CLIENT_SECRET: sandbox.credentials.clientSecret,
  WORKSPAN_HOSTNAME: sandbox.credentials.hostname,
};
// A token for this run only, so the configs below can be pasted as they are.
const token = randomBytes(24).toString('base64url');
// The command line's own defaults, as `workspan-mcp-server --http` would start.
const options = readCommandLine(['--http'], { ...process.env, ...connection, WORKSPAN_MCP_TOKEN: token });
if (typeof options === 'string') throw new Error('unreachable: no --help or --version given');
const server = await startServer({ ...options, log });
const entry = fileURLToPath(new URL('./workspan-mcp-server.js', import.meta.url));
const show = (title: string, where: string, value: unknown) =>
  console.log(`\n${title} (${where}):\n${JSON.stringify(value, null, 2)}`);

console.log(`WorkSpan sandbox: ${sandbox.url}`);
console.log(`WorkSpan MCP server (Streamable HTTP): ${server.url}`);
show('Claude Desktop, over stdio with its own process', 'claude_desktop_config.json', {
  mcpServers: { workspan: { command: process.execPath, args: [entry], env: connection } },
});
show('Cursor, over HTTP', '.cursor/mcp.json', {
  mcpServers: { workspan: { url: server.url, headers: { Authorization: `Bearer ${token}` } } },
});
show('VS Code, over HTTP', '.vscode/mcp.json', {
  servers: { workspan: { type: 'http', url: server.url, headers: { Authorization: `Bearer ${token}` } } },
});
console.log(
  `\nOnce published, \`npx -y @workspan-kit/mcp-server\` replaces the command above. Try it: npx @modelcontextprotocol/inspector ${process.execPath} ${entry}\nCtrl-C stops the server and the sandbox.`,
);

const stop = async () => {
  await server.close();
  await sandbox.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
