import { randomBytes } from 'node:crypto';
import type { ConnectionSettings, WorkSpanClient } from '@workspan-kit/core';
import { createWorkSpanClient } from '@workspan-kit/core/node';
import { type RunningSandbox, type StartSandboxOptions, startSandbox } from '@workspan-kit/sandbox';
import { createDefinitionRecorder, type DefinitionRecorder } from './definition-recorder.js';

export const integrations = {
  crmOpportunity: 'WS-Integration_crm_opportunity',
  crmAccount: 'WS-Integration_crm_account',
  partnerCenter: 'WS-Integration_partner_center',
} as const;

export interface AdminResponse {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: the admin API answers free-form JSON
  body: any;
}

export interface ContractSandbox {
  sandbox: RunningSandbox;
  recorder: DefinitionRecorder;
  /** The client every test uses: core's client over the recording transport. */
  client: WorkSpanClient;
  connection: ConnectionSettings;
  /** Another client on the same recorder, e.g. with wrong credentials. */
  clientWith(connection: Partial<ConnectionSettings>): WorkSpanClient;
  /** Calls the sandbox's admin API (`/_sandbox/…`) for the client's tenant; throws unless 2xx. */
  admin(path: string, init?: { method?: string; body?: unknown }): Promise<AdminResponse>;
  /** Every request line the sandbox logged (`METHOD /path → status`), the admin API included. */
  readonly serverLog: readonly string[];
  close(): Promise<void>;
}

/** One in-memory, seeded sandbox without rate limit, and a client that checks every request. */
export async function startContractSandbox(options: StartSandboxOptions = {}): Promise<ContractSandbox> {
  const serverLog: string[] = [];
  const sandbox = await startSandbox({
    rateLimit: false,
    logger: {
      info: (message: string) => {
        if (message.includes(' → ')) serverLog.push(message);
      },
      warn: () => {},
      error: (message: string) => serverLog.push(`ERROR ${message}`),
    },
    ...options,
  });
  const recorder = createDefinitionRecorder();
  const connection: ConnectionSettings = { environment: sandbox.url, ...sandbox.credentials };
  const clientWith = (overrides: Partial<ConnectionSettings>) =>
    createWorkSpanClient({
      connection: { ...connection, ...overrides },
      transport: recorder.transport,
      onEvent: recorder.onEvent,
      throttle: false,
    });
  const admin = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const response = await fetch(`${sandbox.url}/_sandbox${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        'x-ws-env': connection.hostname,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    const text = await response.text();
    const body = text === '' ? undefined : JSON.parse(text);
    if (!response.ok) throw new Error(`admin ${path} answered ${response.status}: ${text}`);
    return { status: response.status, body };
  };
  return {
    sandbox,
    recorder,
    client: clientWith({}),
    connection,
    clientWith,
    admin,
    serverLog,
    close: async () => {
      await recorder.close();
      await sandbox.close();
    },
  };
}

/** A short random tag that keeps a test's objects apart from the seed and from other tests. */
export const uniqueTag = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

/**
 * Polls `check` until it returns something other than undefined; fails after `timeoutMs`.
 * The time limit only bounds a wait for something that must happen; it is never what a test asserts.
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  { timeoutMs = 10_000, intervalMs = 25 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Creates an opportunity through the admin API (raises `object.create`). */
export async function createOpportunity(
  contract: ContractSandbox,
  fields: Record<string, unknown>,
  integrationId: string | undefined = integrations.crmOpportunity,
): Promise<string> {
  const { body } = await contract.admin('/objects', {
    body: {
      object_type: 'opportunity',
      fields,
      ...(integrationId ? { integration_id: integrationId } : {}),
    },
  });
  return body.object_id as string;
}
