// What the real-n8n trigger suites and the trigger benchmark share: a sandbox, an n8n with this
// package and a WorkSpan credential for that sandbox, and the sandbox's record of subscriptions.
import { type N8nOptions, type RunningN8n, startN8n } from './n8n-instance.mts';
import { startTestSandbox, type TestSandbox } from './sandbox.mts';
import { type CredentialRef, createCredential } from './workflows.mts';

export interface TriggerHost {
  sandbox: TestSandbox;
  n8n: RunningN8n;
  credential: CredentialRef;
}

export async function startTriggerHost(
  options: { n8n?: N8nOptions; credential?: Record<string, unknown> } = {},
): Promise<TriggerHost> {
  const sandbox = await startTestSandbox();
  try {
    const n8n = await startN8n(options.n8n);
    const credential = await createCredential(n8n, 'WorkSpan sandbox', {
      ...sandbox.credentialData,
      ...options.credential,
    });
    return { sandbox, n8n, credential };
  } catch (error) {
    await sandbox.close();
    throw error;
  }
}

export interface StoredSubscriber {
  subscriber_id: string;
  name: string;
  callback_url: string;
}

/** The sandbox's own records of the subscriptions of that name, callback URLs (with token) included. */
export const subscribersNamed = (sandbox: TestSandbox, name: string) =>
  (sandbox.database.listSubscribers(sandbox.credentials.hostname) as StoredSubscriber[]).filter(
    (subscriber) => subscriber.name === name,
  );
