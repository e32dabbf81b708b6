// Workflows for tests: a Webhook node starts them (so they run as production executions do),
// then the nodes under test; the webhook answers with every item of the last node.
import { randomUUID } from 'node:crypto';
import type { ApiAnswer, RunningN8n } from './n8n-instance.mts';
import { packageName } from './n8n-instance.mts';

export const nodeTypes = {
  workSpan: `${packageName}.workSpan`,
  workSpanTrigger: `${packageName}.workSpanTrigger`,
};

export interface Step {
  name?: string;
  type: string;
  typeVersion?: number;
  parameters: Record<string, unknown>;
  /** Credentials by type; the WorkSpan nodes get the test credential when left out. */
  credentials?: Record<string, { id: string; name: string }>;
  onError?: 'continueRegularOutput' | 'stopWorkflow';
}

export interface CredentialRef {
  id: string;
  name: string;
}

const isWorkSpan = (type: string) => type.startsWith(`${packageName}.`);

/** Builds a workflow: the given trigger (or a Webhook at `path`), then each step in a line. */
export function workflow(name: string, steps: Step[], credential: CredentialRef, path?: string) {
  const nodes = [
    ...(path
      ? [
          {
            id: randomUUID(),
            name: 'Webhook',
            type: 'n8n-nodes-base.webhook',
            typeVersion: 2,
            position: [0, 0],
            webhookId: randomUUID(),
            parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'allEntries' },
          },
        ]
      : []),
    ...steps.map((step, index) => ({
      id: randomUUID(),
      name: step.name ?? `Step ${index + 1}`,
      type: step.type,
      typeVersion: step.typeVersion ?? 1,
      position: [(index + 1) * 220, 0],
      parameters: step.parameters,
      ...(step.type === nodeTypes.workSpanTrigger ? { webhookId: randomUUID() } : {}),
      ...(step.onError ? { onError: step.onError } : {}),
      ...(step.credentials || isWorkSpan(step.type)
        ? { credentials: step.credentials ?? { workSpanApi: credential } }
        : {}),
    })),
  ];
  const connections: Record<string, { main: { node: string; type: string; index: number }[][] }> = {};
  for (let index = 0; index + 1 < nodes.length; index++) {
    connections[nodes[index]?.name as string] = {
      main: [[{ node: nodes[index + 1]?.name as string, type: 'main', index: 0 }]],
    };
  }
  return { name, nodes, connections, settings: { executionOrder: 'v1' } };
}

export async function createWorkflow(
  n8n: RunningN8n,
  definition: ReturnType<typeof workflow>,
): Promise<string> {
  const created = await n8n.api('/workflows', { body: definition });
  if (created.status !== 200) throw new Error(`cannot create workflow: ${JSON.stringify(created.body)}`);
  return created.body.id as string;
}

export async function activate(n8n: RunningN8n, id: string): Promise<ApiAnswer> {
  return await n8n.api(`/workflows/${id}/activate`, { method: 'POST' });
}

export async function deactivate(n8n: RunningN8n, id: string): Promise<ApiAnswer> {
  return await n8n.api(`/workflows/${id}/deactivate`, { method: 'POST' });
}

export interface WebhookRun {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: the items a workflow answers with are free-form JSON
  items: any[];
  // biome-ignore lint/suspicious/noExplicitAny: n8n's error answer is free-form JSON
  body: any;
}

/** Posts to a production webhook, waiting for n8n to register it after activation. */
export async function postWebhook(
  n8n: RunningN8n,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<WebhookRun> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(`${n8n.url}/webhook/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status === 404 && attempt < 40 && /not registered/.test(text)) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      continue;
    }
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: response.status, items: Array.isArray(parsed) ? parsed : [], body: parsed };
  }
}

/**
 * Creates and activates a workflow of `steps` behind a Webhook node, runs it once with `body`,
 * and removes it again.
 */
export async function runSteps(
  n8n: RunningN8n,
  credential: CredentialRef,
  steps: Step[],
  body: unknown = {},
  // biome-ignore lint/suspicious/noExplicitAny: the execution record is free-form JSON
): Promise<WebhookRun & { workflowId: string; execution: any }> {
  const path = `run-${randomUUID()}`;
  const id = await createWorkflow(n8n, workflow(`test ${path}`, steps, credential, path));
  try {
    const activated = await activate(n8n, id);
    if (activated.status !== 200) throw new Error(`cannot activate: ${JSON.stringify(activated.body)}`);
    const run = await postWebhook(n8n, path, body);
    let execution: unknown;
    for (let attempt = 0; attempt < 40 && !execution; attempt++) {
      execution = (await executions(n8n, id)).find((record) => record.stoppedAt);
      if (!execution) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return { ...run, workflowId: id, execution };
  } finally {
    await deactivate(n8n, id);
    await n8n.api(`/workflows/${id}`, { method: 'DELETE' });
  }
}

/** Steps that turn the webhook's `body.items` into one item each. */
export const itemsFromBody: Step = {
  name: 'Items',
  type: 'n8n-nodes-base.splitOut',
  parameters: { fieldToSplitOut: 'body.items', options: {} },
};

export async function createCredential(
  n8n: RunningN8n,
  name: string,
  data: Record<string, unknown>,
): Promise<CredentialRef> {
  const created = await n8n.api('/credentials', { body: { name, type: 'workSpanApi', data } });
  if (created.status !== 200) throw new Error(`cannot create credential: ${JSON.stringify(created.body)}`);
  return { id: created.body.id as string, name };
}

/** The executions n8n recorded for a workflow, newest first, with their data. */
export async function executions(n8n: RunningN8n, workflowId: string) {
  const listed = await n8n.api(`/executions?workflowId=${workflowId}&includeData=true&limit=50`);
  // biome-ignore lint/suspicious/noExplicitAny: execution records are free-form JSON
  return (listed.body?.data ?? []) as any[];
}
