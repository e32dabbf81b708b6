// The server as its bin runs it, once the Node.js version is known to be new enough.
import packageJson from '../package.json' with { type: 'json' };
import { readCommandLine, usage } from './command-line.js';
import { startServer } from './start-server.js';

const log = (line: string) => process.stderr.write(`${line}\n`);

try {
  const options = readCommandLine(process.argv.slice(2), process.env);
  if (options === 'help') process.stdout.write(`${usage}\n`);
  else if (options === 'version') process.stdout.write(`${packageJson.version}\n`);
  else {
    const server = await startServer({ ...options, log });
    if (server.url)
      log(`WorkSpan MCP server at ${server.url} (send Authorization: Bearer <WORKSPAN_MCP_TOKEN>)`);
    const stop = () => void server.close();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    await server.closed;
    process.exit(0);
  }
} catch (error) {
  log(`workspan-mcp-server: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}
