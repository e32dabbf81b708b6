import { type RunningSandbox, startSandbox } from '@workspan-kit/sandbox';
import { type RunnerOptions, type RunnerResult, runAsRunner } from './run-as-runner.js';

export const integrations = {
  crmOpportunity: 'WS-Integration_crm_opportunity',
  partnerCenter: 'WS-Integration_partner_center',
} as const;

export interface SandboxSteps {
  sandbox: RunningSandbox;
  /** The connection inputs of the sandbox's first tenant. */
  connection: Record<string, string>;
  /** Runs the action with the connection inputs added. */
  step(inputs: Record<string, string>, options?: Omit<RunnerOptions, 'inputs'>): Promise<RunnerResult>;
  /** The sandbox's admin API for the tenant. */
  admin(path: string, body?: unknown): Promise<Record<string, unknown>>;
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
    async admin(path, body) {
      const response = await fetch(`${sandbox.url}/_sandbox${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          'x-ws-env': sandbox.credentials.hostname,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`admin ${path} answered ${response.status}: ${text}`);
      return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
    },
    close: () => sandbox.close(),
  };
}
