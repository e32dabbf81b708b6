// Trigger latency in a real n8n: from the sandbox's admin API raising a collaboration event to n8n
// having recorded the execution, for a published workflow with the WorkSpan Trigger, against n8n's
// own Webhook node in the same n8n. Both receive the event the same way: a sandbox subscription
// (the Webhook node's is made directly through the API, with its production URL as callback) and
// the sandbox's delivery worker POSTing the same payload and headers. Each side's subscription is
// limited to its own object, so an event reaches one side only.
//
// "Recorded" is the execution's stoppedAt, not its startedAt: n8n runs a webhook node's receiving
// code (for the trigger: the token check and the redelivery record) before it creates the
// execution, so startedAt would leave out what the trigger adds; stoppedAt includes it on both
// sides, and both workflows are the one node, so nothing else runs after it.
import { randomUUID } from 'node:crypto';
import { createWorkSpanClient, subscribeTrigger } from '@workspan-kit/core/node';
import { waitFor } from '@workspan-kit/n8n-nodes-workspan/test-support/sandbox.mts';
import {
  startTriggerHost,
  subscribersNamed,
} from '@workspan-kit/n8n-nodes-workspan/test-support/trigger-host.mts';
import {
  activate,
  createWorkflow,
  nodeTypes,
} from '@workspan-kit/n8n-nodes-workspan/test-support/workflows.mts';
import { createOpportunity } from '@workspan-kit/test-kit';
import { paired } from './measure.mjs';

const event = 'task.assigned';

/** A published workflow of one node; its id. */
async function publish(n8n, node) {
  const id = await createWorkflow(n8n, {
    name: `latency ${node.name}`,
    nodes: [{ id: randomUUID(), position: [0, 0], webhookId: randomUUID(), ...node }],
    connections: {},
    settings: { executionOrder: 'v1' },
  });
  const published = await activate(n8n, id);
  if (published.status !== 200) throw new Error(`cannot publish: ${JSON.stringify(published.body)}`);
  return id;
}

async function newestExecution(n8n, workflowId) {
  const listed = await n8n.api(`/executions?workflowId=${workflowId}&limit=1`);
  return listed.body?.data?.[0];
}

/** Raises one event about `objectId` and answers how long until the workflow's execution stopped. */
async function latency(sandbox, n8n, side) {
  const before = Number((await newestExecution(n8n, side.workflowId))?.id ?? 0);
  const sentAt = Date.now();
  await sandbox.admin('/events', {
    body: { event, object_id: side.objectId, data: { task_id: randomUUID(), assignee_name: 'Priya Nair' } },
  });
  for (let attempt = 0; attempt < 400; attempt++) {
    const execution = await newestExecution(n8n, side.workflowId);
    if (execution && Number(execution.id) > before && execution.stoppedAt) {
      if (execution.status !== 'success') throw new Error(`${side.name}: execution ${execution.status}`);
      return { milliseconds: new Date(execution.stoppedAt).getTime() - sentAt };
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${side.name}: no execution recorded`);
}

/**
 * `sameTreatment`: n8n 2.41.1 skips its expression isolate while receiving only for its own Webhook
 * node (live-webhooks.js, webhookPhaseNeedsIsolate: any other node type acquires one first); with
 * `N8N_EXPRESSION_ENGINE_ALLOW_WEBHOOK_ISOLATE_SKIP=false` both nodes wait for it alike.
 */
export async function measureN8nTrigger(events, { sameTreatment = false } = {}) {
  const { sandbox, n8n, credential } = await startTriggerHost(
    sameTreatment ? { n8n: { env: { N8N_EXPRESSION_ENGINE_ALLOW_WEBHOOK_ISOLATE_SKIP: 'false' } } } : {},
  );
  try {
    const objectFor = async (name) => await createOpportunity(sandbox, { name, stage: 'proposal' });
    const trigger = { name: 'WorkSpan Trigger', objectId: await objectFor('latency trigger deal') };
    const webhook = { name: 'Webhook', objectId: await objectFor('latency webhook deal') };

    const subscriberName = `latency ${randomUUID()}`;
    trigger.workflowId = await publish(n8n, {
      name: trigger.name,
      type: nodeTypes.workSpanTrigger,
      typeVersion: 1,
      parameters: {
        eventSource: 'collaborationEvent',
        event,
        name: subscriberName,
        options: { objectIds: trigger.objectId },
      },
      credentials: { workSpanApi: credential },
    });
    await waitFor(async () => subscribersNamed(sandbox, subscriberName)[0], 'the trigger subscription');

    // The Webhook node answers at once, as the trigger does (responseMode onReceived).
    const path = `latency-${randomUUID()}`;
    webhook.workflowId = await publish(n8n, {
      name: webhook.name,
      type: 'n8n-nodes-base.webhook',
      typeVersion: 2,
      parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
    });
    const client = createWorkSpanClient({
      connection: { environment: sandbox.url, ...sandbox.credentials },
      throttle: false,
    });
    await subscribeTrigger(
      client,
      'Subscribe',
      { event, name: `${subscriberName} webhook`, objectIds: [webhook.objectId] },
      `${n8n.url}/webhook/${path}`,
    );

    // A few events each first warm both paths up; they are not counted.
    for (let warm = 0; warm < 3; warm++) {
      await latency(sandbox, n8n, trigger);
      await latency(sandbox, n8n, webhook);
    }
    const { latency: figures } = await paired(
      events,
      () => latency(sandbox, n8n, trigger),
      () => latency(sandbox, n8n, webhook),
      { latency: (result) => result.milliseconds },
    );
    return figures;
  } finally {
    await n8n.close();
    await sandbox.close();
  }
}
