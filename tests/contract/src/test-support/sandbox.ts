import type { ConnectionSettings, WorkSpanClient } from '@workspan-kit/core';
import { createWorkSpanClient } from '@workspan-kit/core/node';
import { type RunningSandbox, type StartSandboxOptions, startSandbox } from '@workspan-kit/sandbox';
import {
  type AdminAnswer,
  type AdminRequest,
  askSandboxAdmin,
  expectAdminSuccess,
} from '@workspan-kit/test-kit';
import { createDefinitionRecorder, type DefinitionRecorder } from './definition-recorder.js';

export interface ContractSandbox {
  sandbox: RunningSandbox;
  recorder: DefinitionRecorder;
  /** The client every test uses: core's client over the recording transport. */
  client: WorkSpanClient;
  connection: ConnectionSettings;
  /** Another client on the same recorder, e.g. with wrong credentials. */
  clientWith(connection: Partial<ConnectionSettings>): WorkSpanClient;
  /** Calls the sandbox's admin API (`/_sandbox/…`) for the client's tenant; throws unless 2xx. */
  admin(path: string, init?: AdminRequest): Promise<AdminAnswer>;
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
  const admin = async (path: string, init: AdminRequest = {}) =>
    expectAdminSuccess(path, await askSandboxAdmin(sandbox, path, init));
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
