import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import type { ConnectionSettings, Resource } from '@workspan-kit/core';
import { isLoopback } from '@workspan-kit/core/internal';
import { createUndiciTransport, createWorkSpanClient } from '@workspan-kit/core/node';
import packageJson from '../package.json' with { type: 'json' };
import { connectionFromEnvironment } from './connection-settings.js';
import { createHttpEndpoint } from './http-endpoint.js';
import {
  createMcpServer,
  notifyWatchUpdated,
  type ResourceSubscribers,
  type ServerRuntime,
} from './mcp-server.js';
import { toolList } from './tools/tool-list.js';
import { callbackPathPrefix, handleCallback } from './watch/callback-receiver.js';
import { SubscriptionLedger } from './watch/subscription-ledger.js';
import { WatchRegistry } from './watch/watch-registry.js';

export interface StartOptions {
  /** `stdio` (default) or `http`. */
  transport: 'stdio' | 'http';
  /** HTTP: the port of the MCP endpoint and the callback receiver; stdio: of the callback receiver (0 picks one). */
  port: number;
  host: string;
  /** HTTP: the bearer token every request must carry. */
  token?: string;
  /** The address WorkSpan reaches this server at (a tunnel); default `http://<host>:<port>/`. */
  publicUrl?: string;
  readOnly: boolean;
  resources?: readonly Resource[];
  maxAnswerBytes: number;
  /** HTTP: a session with no request for this long is closed and its watches stopped. */
  sessionIdleTimeoutMs: number;
  /** Where created subscriptions are written down, to delete them after a crash. */
  stateFile?: string;
  env: Record<string, string | undefined>;
  /** Where notices go (never stdout: over stdio that is the protocol's). */
  log(line: string): void;
}

export interface RunningServer {
  /** HTTP: the MCP endpoint's URL. */
  url?: string;
  /** Ends every watch (deleting its subscription), then stops listening. */
  close(): Promise<void>;
  /** Resolves once the server has closed (stdio: the client went away). */
  closed: Promise<void>;
}

/** The state file the server keeps its subscriptions in, unless told otherwise. */
export function defaultStateFile(env: Record<string, string | undefined>): string {
  const base = env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return join(base, 'workspan-mcp-server', 'subscriptions.json');
}

/** Connects to WorkSpan (or the built-in sandbox), then serves MCP over stdio or HTTP. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  if (options.transport === 'http' && !options.token)
    throw new Error(
      '--http needs a bearer token: set WORKSPAN_MCP_TOKEN (a long random text) for clients to send',
    );
  let settings: ConnectionSettings | undefined = connectionFromEnvironment(options.env);
  let closeSandbox: (() => Promise<void>) | undefined;
  if (!settings) {
    // Loaded only when needed: the sandbox brings a web server and a database along.
    const { startSandbox } = await import('@workspan-kit/sandbox');
    const sandbox = await startSandbox({ port: 0, host: '127.0.0.1' });
    closeSandbox = () => sandbox.close();
    settings = { environment: sandbox.url, ...sandbox.credentials };
    options.log(
      `No WorkSpan connection configured: using the built-in sandbox at ${sandbox.url} (data is not saved).`,
    );
  }
  const transport = createUndiciTransport();
  const client = createWorkSpanClient({ connection: settings, transport, userAgent: 'workspan-mcp-server' });
  const subscribers: ResourceSubscribers = new Map();
  const http = createServer();
  let listening: Promise<string> | undefined;
  // The receiver listens once needed: over stdio at the first watch, over HTTP from the start.
  const listen = () => {
    listening ??= new Promise<string>((resolve, reject) => {
      http.once('error', reject);
      http.listen(options.port, options.host, () => {
        http.off('error', reject);
        const port = (http.address() as AddressInfo).port;
        resolve(options.publicUrl ?? `http://${urlHost(options.host)}:${port}/`);
      });
    });
    return listening;
  };
  // A built-in sandbox starts empty each time: nothing can be left in it from an earlier run.
  const ledger = closeSandbox
    ? undefined
    : {
        ledger: new SubscriptionLedger(options.stateFile ?? defaultStateFile(options.env)),
        connection: `${client.connection.baseUrl} ${client.connection.hostname} ${client.connection.clientId}`,
      };
  const watches = new WatchRegistry({
    client,
    callbackUrl: async (watchId) => new URL(`${callbackPathPrefix.slice(1)}${watchId}`, await listen()).href,
    ...(ledger ? { ledger } : {}),
    onEvent: (watchId) => notifyWatchUpdated(subscribers, watchId),
  });
  const runtime: ServerRuntime = {
    client,
    tools: toolList({
      readOnly: options.readOnly,
      ...(options.resources ? { resources: options.resources } : {}),
    }),
    watches,
    maxAnswerBytes: options.maxAnswerBytes,
    version: packageJson.version,
  };
  const reconciled = watches.reconcile().then(
    (ids) => {
      if (ids.length > 0)
        options.log(`Deleted ${ids.length} subscription(s) an earlier run left in WorkSpan.`);
    },
    (error: unknown) =>
      options.log(`Could not check for subscriptions an earlier run left: ${client.redact(String(error))}`),
  );

  const endpoint =
    options.transport === 'http'
      ? createHttpEndpoint(runtime, options.token ?? '', subscribers, {
          loopback: isLoopback(options.host),
          sessionIdleTimeoutMs: options.sessionIdleTimeoutMs,
          log: options.log,
        })
      : undefined;
  http.on('request', (request, response) => {
    const path = new URL(request.url ?? '/', 'http://server').pathname;
    const work = path.startsWith(callbackPathPrefix)
      ? handleCallback(request, response, watches)
      : endpoint && path === '/mcp'
        ? endpoint.handle(request, response)
        : Promise.resolve(void response.writeHead(404).end());
    work.catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
      else response.destroy();
    });
  });

  let resolveClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await reconciled;
      await watches.stopAll();
      await endpoint?.close();
      if (listening)
        await new Promise<void>((resolve) => {
          http.close(() => resolve());
          http.closeAllConnections();
        });
      await transport.close();
      await closeSandbox?.();
      resolveClosed();
    })();
    return closing;
  };

  if (endpoint) {
    const base = await listen();
    return { url: new URL('mcp', base).href, close, closed };
  }
  const server = createMcpServer(runtime, 'stdio', subscribers);
  // The client closing stdin ends the session, and with it every watch.
  server.onclose = () => void close();
  await server.connect(new StdioServerTransport());
  return { close, closed };
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
