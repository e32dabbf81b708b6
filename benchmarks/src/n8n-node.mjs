// The WorkSpan node against n8n's own HTTP Request node making the same call, in the same n8n:
// items per second over 1,000 items, with the sandbox's limit off and the credential's pacing
// raised so neither waits on a budget. The HTTP Request node sends every item's request at once
// (its batching only adds pauses, it never waits for an answer), so the WorkSpan node is given
// one batch of all the items, and both are measured sending the same calls the same way.
import { startN8n } from '@workspan-kit/n8n-nodes-workspan/test-support/n8n-instance.mts';
import { startTestSandbox } from '@workspan-kit/n8n-nodes-workspan/test-support/sandbox.mts';
import {
  createCredential,
  executions,
  itemsFromBody,
  nodeTypes,
  runSteps,
} from '@workspan-kit/n8n-nodes-workspan/test-support/workflows.mts';
import { waitFor } from '@workspan-kit/test-kit';
import { paired } from './measure.mjs';

async function itemsPerSecond(n8n, credential, steps, items) {
  const run = await runSteps(n8n, credential, [itemsFromBody, ...steps], { items });
  if (run.status !== 200 || run.items.length !== items.length)
    throw new Error(`the benchmark workflow failed: ${JSON.stringify(run.body).slice(0, 300)}`);
  // n8n answers the webhook before it saves the execution: wait for the saved record.
  const execution = await waitFor(
    'the benchmark execution to be saved',
    async () => (await executions(n8n, run.workflowId)).find((record) => record.stoppedAt),
    { timeoutMs: 30_000, intervalMs: 100 },
  );
  const seconds = (new Date(execution.stoppedAt) - new Date(execution.startedAt)) / 1000;
  return { itemsPerSecond: items.length / seconds };
}

export async function measureN8nNode(runs, itemCount = 1000) {
  const sandbox = await startTestSandbox({ rateLimit: false });
  const n8n = await startN8n();
  try {
    const credential = await createCredential(n8n, 'WorkSpan sandbox', {
      ...sandbox.credentialData,
      callsPerMinute: 1_000_000,
    });
    const { objects } = await sandbox.admin('/objects?type=opportunity&limit=1000');
    const items = Array.from({ length: itemCount }, (_, index) => ({
      id: objects[index % objects.length].object_id,
    }));
    const token = await fetch(`${sandbox.url}/oauth/token?x-ws-env=${sandbox.credentials.hostname}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: sandbox.credentials.clientId,
        client_secret: sandbox.credentials.clientSecret,
      }),
    }).then((response) => response.json());
    const workSpan = [
      {
        name: 'WorkSpan',
        type: nodeTypes.workSpan,
        parameters: {
          resource: 'object',
          operation: 'getExternalId',
          objectId: '={{ $json.id }}',
          options: { batching: { batch: { batchSize: itemCount } } },
        },
      },
    ];
    const httpRequest = [
      {
        name: 'HTTP Request',
        type: 'n8n-nodes-base.httpRequest',
        typeVersion: 4.2,
        parameters: {
          url: `=${sandbox.url}/app/v1/object/{{ $json.id }}/external_id`,
          sendHeaders: true,
          headerParameters: {
            parameters: [
              { name: 'Authorization', value: `Bearer ${token.access_token}` },
              { name: 'x-ws-env', value: sandbox.credentials.hostname },
            ],
          },
        },
      },
    ];
    // A first run of each warms n8n up; it is not counted.
    await itemsPerSecond(n8n, credential, workSpan, items.slice(0, 50));
    await itemsPerSecond(n8n, credential, httpRequest, items.slice(0, 50));
    const { throughput } = await paired(
      runs,
      () => itemsPerSecond(n8n, credential, workSpan, items),
      () => itemsPerSecond(n8n, credential, httpRequest, items),
      { throughput: (result) => result.itemsPerSecond },
    );
    return throughput;
  } finally {
    await n8n.close();
    await sandbox.close();
  }
}
