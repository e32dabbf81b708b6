// The nodes in n8n's queue mode: PostgreSQL, Redis, one main, two workers and one webhook processor,
// each with the package installed (test-support/n8n-queue-mode.mts). Actions run on the workers
// within the connection's budget divided between the processes; the trigger subscribes once, from
// the main, its deliveries arrive through the webhook processor and each runs once on a worker;
// restarts and unpublishing leave exactly the right subscriptions. README "Queue mode".
import { randomUUID } from 'node:crypto';
import { createOpportunity, seededIntegrations as integrations, uniqueTag } from '@workspan-kit/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type QueueModeN8n, type QueueProcess, startQueueMode } from './test-support/n8n-queue-mode.mts';
import { startTestSandbox, type TestSandbox, waitFor } from './test-support/sandbox.mts';
import { subscribersNamed } from './test-support/trigger-host.mts';
import {
  activate,
  type CredentialRef,
  createCredential,
  createWorkflow,
  deactivate,
  executions,
  nodeTypes,
  postWebhook,
  workflow,
} from './test-support/workflows.mts';

let n8n: QueueModeN8n;
let sandbox: TestSandbox;
let credential: CredentialRef;

/** The sandbox's log lines of subscribe calls it answered. */
const subscribeCalls: string[] = [];

beforeAll(async () => {
  sandbox = await startTestSandbox({
    logger: {
      info: (line) => {
        if (/^POST \S*\/event\/v1\/subscriber\S* → 2\d\d/.test(line)) subscribeCalls.push(line);
      },
      warn: () => {},
      error: () => {},
    },
  });
  n8n = await startQueueMode({ workers: 2, concurrency: 4 });
  credential = await createCredential(n8n.main, 'WorkSpan sandbox', sandbox.credentialData);
});

afterAll(async () => {
  await n8n?.close();
  await sandbox?.close();
});

/** Which worker logged that it ran an execution. */
const workerOf = (executionId: string) =>
  n8n.workers.find((worker) =>
    worker.logs().some((line) => line.includes(`Worker started execution ${executionId} `)),
  )?.name;

/** A workflow's finished executions, oldest first. */
async function finished(workflowId: string) {
  return (await executions(n8n.main, workflowId)).filter((record) => record.stoppedAt).reverse();
}

describe('actions', () => {
  it('run on the workers, several at once, within the budget divided between the processes: no call refused', async () => {
    // WorkSpan's limit, shrunk so the test shows it: 6 calls a minute per connection. Three
    // processes call WorkSpan (the main and two workers), so each gets 6 / 3 = 2 calls a minute.
    const refused: string[] = [];
    const answered: number[] = [];
    const limited = await startTestSandbox({
      rateLimit: { limit: 6, windowMs: 60_000 },
      logger: {
        info: (line) => {
          // The calls the sandbox's limit counts: past the token check (not a 401, which n8n
          // answers by renewing the token), refused (429) or answered.
          if (!/^(GET|POST|PUT|DELETE|PATCH) \/(?!_sandbox|oauth)/.test(line)) return;
          if (line.includes('→ 429')) refused.push(line);
          else if (!line.includes('→ 401')) answered.push(Date.now());
        },
        warn: () => {},
        error: () => {},
      },
    });
    try {
      const budgeted = await createCredential(n8n.main, 'WorkSpan with a divided budget', {
        ...limited.credentialData,
        callsPerMinute: 2,
      });
      const path = `queue-${randomUUID()}`;
      const id = await createWorkflow(
        n8n.main,
        workflow(
          'queue-mode actions',
          [
            {
              name: 'List Integrations',
              type: nodeTypes.workSpan,
              parameters: { resource: 'metadata', operation: 'listIntegrations' },
            },
          ],
          budgeted,
          path,
        ),
      );
      expect((await activate(n8n.main, id)).status).toBe(200);
      // Eight executions at once through the webhook processor: more calls than WorkSpan's minute
      // allows, so without the division some would be refused.
      const viaWebhookProcessor = { ...n8n.main, url: n8n.webhookProcessor.url };
      const runs = await Promise.all(
        Array.from({ length: 8 }, () => postWebhook(viaWebhookProcessor, path, {})),
      );
      for (const run of runs) {
        expect(run.status, JSON.stringify(run.body)).toBe(200);
        expect(run.items.map((item) => item.integration_id)).toContain(integrations.crmOpportunity);
      }
      expect(refused).toEqual([]);
      expect(answered).toHaveLength(8);
      // The workers held calls back to the next minute (a worker's third call waits a minute after
      // its first answer), rather than WorkSpan refusing them.
      expect(Math.max(...answered) - Math.min(...answered)).toBeGreaterThan(50_000);

      const done = await waitFor(async () => {
        const records = await finished(id);
        return records.length === 8 ? records : undefined;
      }, 'eight finished executions');
      expect(done.map((record) => record.status)).toEqual(Array(8).fill('success'));
      const ranOn = done.map((record) => workerOf(String(record.id)));
      expect(ranOn.every((name) => name?.startsWith('worker-'))).toBe(true);
      expect(new Set(ranOn).size).toBe(2);
      await deactivate(n8n.main, id);
    } finally {
      await limited.close();
    }
  }, 300_000);
});

describe('the trigger', () => {
  const triggerName = 'WorkSpan Trigger';
  const name = uniqueTag('queue-trigger');
  let workflowId: string;
  let subscriberId: string;
  let callbackUrl: string;

  const subscriptions = () => subscribersNamed(sandbox, name);
  const triggeredItems = async () =>
    (await finished(workflowId)).map(
      (record) => record.data.resultData.runData[triggerName][0].data.main[0][0].json,
    );

  /** A delivery's payload as WorkSpan sends it for a deal won, for an object of its own. */
  const stageChange = () => ({
    object_type: 'opportunity',
    object_id: uniqueTag('object'),
    event: 'object.stage_change',
    stage: 'won',
  });

  /** Posts a delivery to the callback URL on one process (its token included). */
  async function deliver(processUrl: string, payload: Record<string, unknown>, deliveryId: string) {
    const url = new URL(callbackUrl);
    const response = await fetch(`${processUrl}${url.pathname}${url.search}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-workspan-delivery-id': deliveryId },
      body: JSON.stringify(payload),
    });
    return { status: response.status, body: await response.json() };
  }

  it('subscribes once, from the main; its deliveries arrive through the webhook processor and each runs once on a worker', async () => {
    workflowId = await createWorkflow(
      n8n.main,
      workflow(
        `queue trigger ${name}`,
        [
          {
            name: triggerName,
            type: nodeTypes.workSpanTrigger,
            parameters: {
              eventSource: 'objectEvent',
              integrationId: { __rl: true, mode: 'id', value: integrations.crmOpportunity },
              events: ['object.stage_change'],
              name,
            },
          },
        ],
        credential,
      ),
    );
    expect((await activate(n8n.main, workflowId)).status).toBe(200);
    const [subscriber] = await waitFor(async () => {
      const found = subscriptions();
      return found.length > 0 ? found : undefined;
    }, 'the subscription');
    expect(subscriptions()).toHaveLength(1);
    expect(subscribeCalls).toHaveLength(1);
    subscriberId = subscriber?.subscriber_id as string;
    callbackUrl = subscriber?.callback_url as string;
    expect(callbackUrl.startsWith(`${n8n.webhookProcessor.url}/webhook/`)).toBe(true);

    const tag = uniqueTag('deal');
    const objectIds = [
      await createOpportunity(sandbox, { name: `${tag} one`, stage: 'proposal' }),
      await createOpportunity(sandbox, { name: `${tag} two`, stage: 'proposal' }),
    ];
    for (const objectId of objectIds)
      await sandbox.admin(`/objects/${objectId}/stage`, { body: { stage: 'won' } });
    const items = await waitFor(async () => {
      const found = await triggeredItems();
      return found.length >= 2 ? found : undefined;
    }, 'two executions');
    expect(items.map((item) => item.object_id).sort()).toEqual([...objectIds].sort());
    const { deliveries } = await sandbox.admin(`/deliveries?subscriber_id=${subscriberId}`);
    expect(deliveries.map((delivery: { status: string }) => delivery.status)).toEqual([
      'delivered',
      'delivered',
    ]);
    for (const record of await finished(workflowId)) expect(workerOf(String(record.id))).toMatch(/^worker-/);
    expect(subscriptions()).toHaveLength(1);
  });

  it('a redelivery runs nothing, whether it reaches the same process or another one after the first answered', async () => {
    const before = (await triggeredItems()).length;
    const payload = stageChange();
    const deliveryId = randomUUID();
    expect(await deliver(n8n.webhookProcessor.url, payload, deliveryId)).toEqual({
      status: 200,
      body: { received: true, duplicate: false },
    });
    // WorkSpan retried: the same process, then the main (a second process behind the same host name).
    expect((await deliver(n8n.webhookProcessor.url, payload, deliveryId)).body.duplicate).toBe(true);
    expect((await deliver(n8n.main.url, payload, deliveryId)).body.duplicate).toBe(true);
    await waitFor(async () => ((await triggeredItems()).length > before ? true : undefined), 'the execution');
    expect((await triggeredItems()).filter((item) => item.object_id === payload.object_id)).toHaveLength(1);
  });

  it('the limit: the same delivery reaching two processes at the same moment can run twice', async () => {
    // Static data is the only store the webhook shares across processes, read when a request
    // comes and written after it, without a lock: two processes at once both see the delivery new.
    // The README's rule (one process receives a trigger's deliveries) is what prevents this.
    let ranTwice: string | undefined;
    for (let round = 0; round < 10 && !ranTwice; round++) {
      const payload = stageChange();
      const deliveryId = randomUUID();
      const answers = await Promise.all(
        [n8n.webhookProcessor.url, n8n.main.url].map((url) => deliver(url, payload, deliveryId)),
      );
      if (answers.every((answer) => answer.status === 200 && answer.body.duplicate === false))
        ranTwice = payload.object_id;
    }
    expect(ranTwice, 'no round ran twice').toBeDefined();
    const items = await waitFor(async () => {
      const found = (await triggeredItems()).filter((item) => item.object_id === ranTwice);
      return found.length === 2 ? found : undefined;
    }, 'two executions of one delivery');
    expect(items).toHaveLength(2);
  });

  it('restarting the main and the webhook processor leaves the one subscription, and deliveries still run', async () => {
    const restart = async (process: QueueProcess) => {
      await process.stop();
      await process.start();
    };
    await Promise.all([n8n.restartMain(), restart(n8n.webhookProcessor)]);
    // The main found its subscription on start: none deleted, none made again.
    expect(subscriptions().map((subscriber) => subscriber.subscriber_id)).toEqual([subscriberId]);
    expect(subscribeCalls).toHaveLength(1);
    const before = (await triggeredItems()).length;
    const objectId = await createOpportunity(sandbox, {
      name: uniqueTag('after restart'),
      stage: 'proposal',
    });
    await sandbox.admin(`/objects/${objectId}/stage`, { body: { stage: 'won' } });
    const items = await waitFor(async () => {
      const found = await triggeredItems();
      return found.length > before ? found : undefined;
    }, 'the execution after the restart');
    expect(items.filter((item) => item.object_id === objectId)).toHaveLength(1);
    expect(subscriptions()).toHaveLength(1);
  }, 180_000);

  it('unpublishing removes the subscription', async () => {
    expect((await deactivate(n8n.main, workflowId)).status).toBe(200);
    await waitFor(async () => (subscriptions().length === 0 ? true : undefined), 'no subscription');
  });
});
