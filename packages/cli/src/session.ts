import type { ClientEvent, ConnectionSettings, WorkSpanClient } from '@workspan-kit/core';
import type { Redactor } from '@workspan-kit/core/internal';
import { createUndiciTransport, createWorkSpanClient } from '@workspan-kit/core/node';
import type { Command } from 'commander';
import { resolveConnectionSettings } from './connection-settings.js';
import type { CliIO } from './io.js';

/** Options every command accepts (declared on the root program). */
export interface GlobalOptions {
  environment?: string;
  clientId?: string;
  clientSecret?: string;
  hostname?: string;
  profile?: string;
  json?: boolean;
  debug?: boolean;
}

/** What one command run shares: its streams and the secrets to keep out of any output. */
export interface RunContext {
  io: CliIO;
  redactor: Redactor;
}

export interface Session {
  client: WorkSpanClient;
  /** True when the embedded in-memory sandbox serves this run. */
  embeddedSandbox: boolean;
  /** Keeps a secret (e.g. a webhook token) out of every output: the CLI's and the client's. */
  addSecret(secret: string): void;
  close(): Promise<void>;
}

/** Connects with the configured settings, or to an in-memory sandbox when none are configured. */
export async function openSession(globals: GlobalOptions, context: RunContext): Promise<Session> {
  const { io } = context;
  let settings = await resolveConnectionSettings({
    flags: {
      environment: globals.environment,
      clientId: globals.clientId,
      clientSecret: globals.clientSecret,
      hostname: globals.hostname,
    },
    env: io.env,
    homeDirectory: io.homeDirectory,
    profile: globals.profile,
  });
  let closeSandbox: (() => Promise<void>) | undefined;
  if (settings === undefined) {
    const sandbox = await startEmbeddedSandbox();
    closeSandbox = sandbox.close;
    settings = sandbox.settings;
    io.stderr.write(
      `No WorkSpan connection configured: using the built-in sandbox at ${sandbox.url} (data is not saved).\n`,
    );
  }
  let client: WorkSpanClient | undefined;
  // The one place secrets are registered: the CLI's redactor, and the client's once it exists.
  const addSecret = (secret: string) => {
    context.redactor.add(secret);
    client?.addSecret(secret);
  };
  addSecret(settings.clientSecret);
  const transport = createUndiciTransport();
  try {
    client = createWorkSpanClient({
      connection: settings,
      transport,
      userAgent: 'workspan-cli',
      ...(globals.debug
        ? { onEvent: (event: ClientEvent) => io.stderr.write(`debug: ${describeEvent(event)}\n`) }
        : {}),
    });
  } catch (error) {
    await transport.close();
    await closeSandbox?.();
    throw error;
  }
  return {
    client,
    embeddedSandbox: closeSandbox !== undefined,
    addSecret,
    async close() {
      await transport.close();
      await closeSandbox?.();
    },
  };
}

/** Opens a session with the command's global options, runs `work`, and always closes the session. */
export async function withSession(
  command: Command,
  context: RunContext,
  work: (session: Session, globals: GlobalOptions) => Promise<void>,
): Promise<void> {
  const globals = command.optsWithGlobals<GlobalOptions>();
  const session = await openSession(globals, context);
  try {
    await work(session, globals);
  } finally {
    await session.close();
  }
}

interface EmbeddedSandbox {
  url: string;
  settings: ConnectionSettings;
  close(): Promise<void>;
}

async function startEmbeddedSandbox(): Promise<EmbeddedSandbox> {
  // Loaded only when needed: the sandbox brings a web server and a database along.
  const { startSandbox } = await import('@workspan-kit/sandbox');
  const sandbox = await startSandbox({ port: 0, host: '127.0.0.1' });
  return {
    url: sandbox.url,
    settings: { environment: sandbox.url, ...sandbox.credentials },
    close: () => sandbox.close(),
  };
}

function describeEvent(event: ClientEvent): string {
  switch (event.type) {
    case 'request':
      return `${event.operationId} ${event.method} ${event.path} (attempt ${event.attempt})`;
    case 'response':
      return `${event.operationId} answered HTTP ${event.status} in ${event.durationMs} ms${event.requestId ? ` (request id ${event.requestId})` : ''}`;
    case 'retry':
      return `${event.operationId} retry ${event.attempt} in ${event.delayMs} ms: ${event.reason}`;
    case 'throttle-wait':
      return `waiting ${event.waitMs} ms for the rate limit`;
    case 'token':
      return event.action === 'fetch'
        ? 'fetching an access token'
        : 'access token refused; fetching a new one';
  }
}
