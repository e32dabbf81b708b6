// The sandbox the real-host tests run against, with its admin API at hand.
import { randomBytes } from 'node:crypto';
import { type RunningSandbox, type StartSandboxOptions, startSandbox } from '@workspan-kit/sandbox';

export interface TestSandbox extends RunningSandbox {
  // biome-ignore lint/suspicious/noExplicitAny: the admin API answers free-form JSON
  admin(path: string, init?: { method?: string; body?: unknown }): Promise<any>;
  /** The credential data for this sandbox, as the WorkSpan API credential stores it. */
  credentialData: Record<string, unknown>;
}

export const integrations = {
  crmOpportunity: 'WS-Integration_crm_opportunity',
  crmAccount: 'WS-Integration_crm_account',
  partnerCenter: 'WS-Integration_partner_center',
};

export const uniqueTag = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

export async function startTestSandbox(options: StartSandboxOptions = {}): Promise<TestSandbox> {
  const sandbox = await startSandbox({ rateLimit: false, ...options });
  const admin = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const response = await fetch(`${sandbox.url}/_sandbox${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { 'x-ws-env': sandbox.credentials.hostname, 'content-type': 'application/json' },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`sandbox admin ${path}: HTTP ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  return {
    ...sandbox,
    admin,
    credentialData: {
      environment: 'custom',
      baseUrl: sandbox.url,
      clientId: sandbox.credentials.clientId,
      clientSecret: sandbox.credentials.clientSecret,
      hostname: sandbox.credentials.hostname,
      callsPerMinute: 100,
      notes: 'the local WorkSpan sandbox',
    },
  };
}

export async function createOpportunity(
  sandbox: TestSandbox,
  fields: Record<string, unknown>,
): Promise<string> {
  const body = await sandbox.admin('/objects', {
    body: { object_type: 'opportunity', fields, integration_id: integrations.crmOpportunity },
  });
  return body.object_id as string;
}

export async function waitFor<T>(read: () => Promise<T | undefined>, what: string, tries = 120): Promise<T> {
  for (let attempt = 0; attempt < tries; attempt++) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}
