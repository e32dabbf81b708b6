import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import {
  type ClientEvent,
  type Clock,
  createUndiciTransport,
  createWorkSpanClient,
  type RetryOptions,
  type Transport,
  type WorkSpanClient,
} from '@workspan-kit/core/node';
import {
  type FaultSpec,
  type RunningSandbox,
  type SandboxCredentials,
  type StartSandboxOptions,
  startSandbox,
} from '@workspan-kit/sandbox';
import { type HttpSender, sandboxAdmin } from '@workspan-kit/test-kit';
import { afterAll, afterEach, beforeAll } from 'vitest';

export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The error a promise rejects with; fails when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** Every way a user or an operator could see an error, as text. */
export function renderError(error: unknown): string[] {
  const texts = [String(error), inspect(error, { depth: 10, showHidden: true }), safeStringify(error)];
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current instanceof Error; depth++) {
    texts.push(current.message, current.stack ?? '', safeStringify(current));
    current = current.cause;
  }
  return texts;
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch (error) {
    return `unserialisable: ${(error as Error).message}`;
  }
}

/**
 * One HTTP exchange on its own connection (no keep-alive pool), so a restarted sandbox never meets
 * a connection the stopped one closed.
 */
export function plainRequest(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Headers; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: init.method ?? 'GET', headers: init.headers, agent: false });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: new Headers(
            Object.entries(response.headers).map(
              ([name, value]) => [name, String(value)] as [string, string],
            ),
          ),
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(init.body);
  });
}

// biome-ignore lint/suspicious/noExplicitAny: the admin API answers free-form JSON
export type Json = any;

export interface FaultSandbox {
  readonly url: string;
  readonly port: number;
  readonly credentials: SandboxCredentials;
  /** Every line the sandbox logged, across restarts. */
  readonly logs: string[];
  admin(path: string, init?: { method?: string; body?: unknown }): Promise<Json>;
  setFaults(spec: FaultSpec): Promise<void>;
  clearFaults(): Promise<void>;
  /** Closes the sandbox; `start` brings it back on the same port. */
  stop(): Promise<void>;
  /** Starts it again on the same port (with the same database file, when there is one). */
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenSandboxOptions extends Omit<StartSandboxOptions, 'databaseFile' | 'logger' | 'port'> {
  /** Keep the data in a SQLite file in a temporary directory (survives `stop` + `start`). */
  persistent?: boolean;
}

/** A sandbox on a free port, with a recording logger, no rate limit and no seed data by default. */
export async function openSandbox(options: OpenSandboxOptions = {}): Promise<FaultSandbox> {
  const { persistent, ...rest } = options;
  const logs: string[] = [];
  const logger = {
    info: (message: string) => logs.push(`info ${message}`),
    warn: (message: string) => logs.push(`warn ${message}`),
    error: (message: string) => logs.push(`error ${message}`),
  };
  const directory = persistent ? mkdtempSync(join(tmpdir(), 'workspan-faults-')) : undefined;
  const startOptions: StartSandboxOptions = {
    rateLimit: false,
    seed: false,
    ...rest,
    logger,
    ...(directory ? { databaseFile: join(directory, 'sandbox.db') } : {}),
  };
  let running: RunningSandbox | undefined = await startSandbox({ ...startOptions, port: 0 });
  const url = running.url;
  const port = Number(new URL(url).port);
  const credentials = running.credentials;

  // Its own connection per call: a restarted sandbox never meets a connection the stopped one closed.
  const admin = (path: string, init: { method?: string; body?: unknown } = {}) =>
    sandboxAdmin({ url, credentials }, path, init, plainRequest satisfies HttpSender);

  return {
    url,
    port,
    credentials,
    logs,
    admin,
    setFaults: async (spec) => {
      await admin('/faults', { method: 'PUT', body: spec });
    },
    clearFaults: async () => {
      await admin('/faults', { method: 'DELETE' });
    },
    stop: async () => {
      const stopping = running;
      running = undefined;
      await stopping?.close();
    },
    start: async () => {
      if (running) throw new Error('the sandbox is already running');
      running = await startSandbox({ ...startOptions, port });
    },
    close: async () => {
      const stopping = running;
      running = undefined;
      await stopping?.close();
      if (directory) rmSync(directory, { recursive: true, force: true });
    },
  };
}

export interface TestClient {
  client: WorkSpanClient;
  /** Every onEvent, as given. */
  events: ClientEvent[];
  /** Every onEvent as the JSON line a host would log. */
  eventLines: string[];
  /** Authorization headers the client sent. */
  authorizations: string[];
  /** Access tokens the token endpoint issued to this client. */
  tokens: string[];
  /** `request` events of one operation (one per attempt). */
  attempts(operationId: string): number;
  close(): Promise<void>;
}

export interface TestClientOptions {
  retry?: Partial<RetryOptions>;
  timeoutMs?: number;
  clock?: Clock;
  credentials?: SandboxCredentials;
}

/** Fast retries so tests do not wait on backoff; Retry-After still honoured. */
export const quickRetry: Partial<RetryOptions> = { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 100 };

/** core's Node client against the sandbox, with its traffic recorded by a wrapping transport. */
export function makeClient(sandbox: FaultSandbox, options: TestClientOptions = {}): TestClient {
  const events: ClientEvent[] = [];
  const eventLines: string[] = [];
  const authorizations: string[] = [];
  const tokens: string[] = [];
  const inner = createUndiciTransport();
  const transport: Transport = async (request) => {
    if (request.headers.authorization) authorizations.push(request.headers.authorization);
    const response = await inner(request);
    if (new URL(request.url).pathname === '/oauth/token') {
      try {
        const token = (JSON.parse(response.body) as { access_token?: unknown }).access_token;
        if (typeof token === 'string') tokens.push(token);
      } catch {
        // not a token answer
      }
    }
    return response;
  };
  const credentials = options.credentials ?? sandbox.credentials;
  const client = createWorkSpanClient({
    connection: {
      environment: sandbox.url,
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      hostname: credentials.hostname,
    },
    transport,
    throttle: false,
    retry: { ...quickRetry, ...options.retry },
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.clock ? { clock: options.clock } : {}),
    onEvent: (event) => {
      events.push(event);
      eventLines.push(JSON.stringify(event));
    },
  });
  return {
    client,
    events,
    eventLines,
    authorizations,
    tokens,
    attempts: (operationId) =>
      events.filter((event) => event.type === 'request' && event.operationId === operationId).length,
    close: () => inner.close(),
  };
}

/** Events of one kind, typed. */
export function eventsOf<T extends ClientEvent['type']>(
  events: readonly ClientEvent[],
  type: T,
): Extract<ClientEvent, { type: T }>[] {
  return events.filter((event): event is Extract<ClientEvent, { type: T }> => event.type === type);
}

export interface SandboxWithClient {
  readonly sandbox: FaultSandbox;
  readonly user: TestClient;
}

/**
 * One sandbox and one client for a test file: the client's token is fetched before any fault is
 * set, faults are cleared after each test, and both are closed at the end.
 */
export function useSandboxWithClient(
  options: { sandbox?: OpenSandboxOptions; client?: TestClientOptions; fetchTokenFirst?: boolean } = {},
): SandboxWithClient {
  let sandbox: FaultSandbox | undefined;
  let user: TestClient | undefined;
  beforeAll(async () => {
    sandbox = await openSandbox(options.sandbox);
    user = makeClient(sandbox, options.client);
    if (options.fetchTokenFirst !== false) await user.client.call('GetEventList', {});
  });
  afterEach(() => sandbox?.clearFaults());
  afterAll(async () => {
    await user?.close();
    await sandbox?.close();
  });
  return {
    get sandbox() {
      if (!sandbox) throw new Error('the sandbox starts in beforeAll');
      return sandbox;
    },
    get user() {
      if (!user) throw new Error('the client is made in beforeAll');
      return user;
    },
  };
}
