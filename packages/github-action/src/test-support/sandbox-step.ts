import { type RunningSandbox, startSandbox } from '@workspan-kit/sandbox';
import { sandboxAdmin } from '@workspan-kit/test-kit';
import { type RunnerOptions, type RunnerResult, runAsRunner } from './run-as-runner.js';

export interface SandboxSteps {
  sandbox: RunningSandbox;
  /** The connection inputs of the sandbox's first tenant. */
  connection: Record<string, string>;
  /** Runs the action with the connection inputs added. */
  step(inputs: Record<string, string>, options?: Omit<RunnerOptions, 'inputs'>): Promise<RunnerResult>;
  /** The sandbox's admin API for the tenant. */
  // biome-ignore lint/suspicious/noExplicitAny: the admin API answers free-form JSON
  admin(path: string, body?: unknown): Promise<any>;
  close(): Promise<void>;
}

export async function startSandboxSteps(): Promise<SandboxSteps> {
  const sandbox = await startSandbox({ rateLimit: false, delivery: { retryDelaysMs: [100] } });
  const connection = {
    environment: 'custom',
    'base-url': sandbox.url,
    'client-id': sandbox.credentials.clientId,
    'client-secret': sandbox.credentials.clientSecret,
    hostname: sandbox.credentials.hostname,
  };
  return {
    sandbox,
    connection,
    step: (inputs, options = {}) => runAsRunner({ ...options, inputs: { ...connection, ...inputs } }),
    admin: (path, body) => sandboxAdmin(sandbox, path, { body }),
    close: () => sandbox.close(),
  };
}
