import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

/** The built server, as `npx @workspan-kit/mcp-server` runs it. */
export const serverEntry = fileURLToPath(new URL('../../dist/workspan-mcp-server.js', import.meta.url));

/** The environment without the developer's own WorkSpan connection, plus `extra`. */
export function serverEnvironment(extra: Record<string, string> = {}): Record<string, string> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && !entry[0].startsWith('WORKSPAN_'),
    ),
  );
  return { ...env, ...extra };
}

export interface StdioSession {
  client: Client;
  /** What the server wrote to stderr so far. */
  stderr(): string;
  /** The server's process id (for a kill). */
  pid: number;
  close(): Promise<void>;
}

/** Starts the server over stdio with the official client, as an MCP host does. */
export async function connectStdio(env: Record<string, string>, args: string[] = []): Promise<StdioSession> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [serverEntry, ...args],
    env: serverEnvironment(env),
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const client = new Client({ name: 'workspan-mcp-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr, pid: transport.pid ?? 0, close: () => client.close() };
}

export interface HttpServerProcess {
  url: string;
  process: ChildProcess;
  /** What the server wrote to stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

/** How the server is started: the built one by default, or as a user's `npx` would. */
export interface ServerCommand {
  command: string;
  args: string[];
  cwd?: string;
}

/** Starts the server with `--http`; resolves once it says where it listens. */
export async function startHttpServer(
  env: Record<string, string>,
  args: string[] = [],
  start: ServerCommand = { command: process.execPath, args: [serverEntry] },
): Promise<HttpServerProcess> {
  // Its own process group, so stopping reaches the server also when a launcher (npx) started it.
  const child = spawn(start.command, [...start.args, '--http', '--port', '0', ...args], {
    env: serverEnvironment(env),
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
    ...(start.cwd ? { cwd: start.cwd } : {}),
  });
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /MCP server at (\S+)/.exec(stderr);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}): ${stderr}`)));
  });
  return {
    url,
    process: child,
    stderr: () => stderr,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.pid === undefined) return resolve();
        child.once('exit', () => resolve());
        process.kill(-child.pid, 'SIGTERM');
      }),
  };
}
