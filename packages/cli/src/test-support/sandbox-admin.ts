import type { RunningSandbox } from '@workspan-kit/sandbox';

export interface SandboxObject {
  object_id: string;
  object_type: string;
  fields: Record<string, unknown>;
}

export interface AdminAnswers {
  objects: { total: number; objects: SandboxObject[] };
  subscribers: { subscribers: { subscriber_id: string; name: string; events: string[] }[] };
  deliveries: { deliveries: { delivery_id: string; subscriber_id: string; event: string; status: string }[] };
}

/** Calls the sandbox's admin API (`/_sandbox/...`) for the demo tenant. */
export async function sandboxAdmin<Answer = unknown>(
  sandbox: RunningSandbox,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<Answer> {
  const response = await fetch(`${sandbox.url}/_sandbox${path}`, {
    method: init.method ?? 'GET',
    headers: { 'x-ws-env': sandbox.credentials.hostname, 'content-type': 'application/json' },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as Answer;
}

/** The environment that points the command at `sandbox` with its demo application user. */
export function sandboxEnvironment(sandbox: RunningSandbox): Record<string, string> {
  return {
    WORKSPAN_ENVIRONMENT: sandbox.url,
    WORKSPAN_CLIENT_ID: sandbox.credentials.clientId,
    WORKSPAN_CLIENT_SECRET: sandbox.credentials.clientSecret,
    WORKSPAN_HOSTNAME: sandbox.credentials.hostname,
  };
}
