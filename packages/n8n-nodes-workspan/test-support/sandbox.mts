// The sandbox the real-host tests run against, with its admin API at hand.
import { type RunningSandbox, type StartSandboxOptions, startSandbox } from '@workspan-kit/sandbox';
import { type AdminRequest, sandboxAdmin, waitFor as waitForValue } from '@workspan-kit/test-kit';

export interface TestSandbox extends RunningSandbox {
  // biome-ignore lint/suspicious/noExplicitAny: the admin API answers free-form JSON
  admin(path: string, init?: AdminRequest): Promise<any>;
  /** The credential data for this sandbox, as the WorkSpan API credential stores it. */
  credentialData: Record<string, unknown>;
}

export async function startTestSandbox(options: StartSandboxOptions = {}): Promise<TestSandbox> {
  const sandbox = await startSandbox({ rateLimit: false, ...options });
  return {
    ...sandbox,
    admin: (path, init) => sandboxAdmin(sandbox, path, init),
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

/** Polls `read` every 250 ms, `tries` times at most, until it answers a value. */
export const waitFor = <T,>(read: () => Promise<T | undefined>, what: string, tries = 120): Promise<T> =>
  waitForValue(what, read, { timeoutMs: tries * 250, intervalMs: 250 });
