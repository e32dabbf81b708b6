// After `changeset version`: the MCP registry's server.json carries the version of the npm package
// it points at, so it is rewritten from packages/mcp-server/package.json.
import { readFileSync, writeFileSync } from 'node:fs';

const folder = new URL('../../packages/mcp-server/', import.meta.url);
const { version, name, mcpName } = JSON.parse(readFileSync(new URL('package.json', folder), 'utf8'));
const serverFile = new URL('server.json', folder);
const server = JSON.parse(readFileSync(serverFile, 'utf8'));
if (server.name !== mcpName)
  throw new Error(`server.json's name ${server.name} is not package.json's mcpName ${mcpName}`);
server.version = version;
for (const entry of server.packages) if (entry.identifier === name) entry.version = version;
writeFileSync(serverFile, `${JSON.stringify(server, null, 2)}\n`);
