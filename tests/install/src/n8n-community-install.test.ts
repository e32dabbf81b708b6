// A fresh n8n installs the WorkSpan nodes as its Settings → Community nodes page does
// (`POST /rest/community-packages` with the package name), from the local registry: n8n's own
// registry setting (N8N_COMMUNITY_PACKAGES_REGISTRY) is a licensed feature, so npm's scoped
// registry is set instead, as a company with a private registry for its scope does; n8n's npm
// calls take the scope's registry. Then one action and the trigger run against the sandbox.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  packageName,
  type RunningN8n,
  startN8n,
} from '@workspan-kit/n8n-nodes-workspan/test-support/n8n-instance.mts';
import {
  startTestSandbox,
  type TestSandbox,
  waitFor,
} from '@workspan-kit/n8n-nodes-workspan/test-support/sandbox.mts';
import {
  activate,
  type CredentialRef,
  createCredential,
  createWorkflow,
  deactivate,
  executions,
  nodeTypes,
  runSteps,
  workflow,
} from '@workspan-kit/n8n-nodes-workspan/test-support/workflows.mts';
import { createOpportunity, seededIntegrations as integrations, uniqueTag } from '@workspan-kit/test-kit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const registryEnv = inject('registryEnv');
const n8nTemporaryFolder = mkdtempSync(join(tmpdir(), 'workspan-n8n-temporary-'));
let sandbox: TestSandbox;
let n8n: RunningN8n;
let credential: CredentialRef;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  n8n = await startN8n({
    installPackage: false,
    env: {
      NPM_CONFIG_USERCONFIG: registryEnv.NPM_CONFIG_USERCONFIG as string,
      npm_config_userconfig: registryEnv.NPM_CONFIG_USERCONFIG as string,
      npm_config_cache: registryEnv.npm_config_cache as string,
      NODE_DISABLE_COMPILE_CACHE: '1',
      // n8n's own temporary files (data table uploads) go with this test's folder.
      TMPDIR: n8nTemporaryFolder,
    },
  });
});

afterAll(async () => {
  await n8n?.close();
  await sandbox?.close();
  rmSync(n8nTemporaryFolder, { recursive: true, force: true });
});

describe('n8n community package installation', () => {
  it('installs the package by name; its nodes and credential are then known', async () => {
    const before = await n8n.rest('/community-packages');
    expect(before.body.data).toEqual([]);
    const installed = await n8n.rest('/community-packages', { body: { name: packageName } });
    expect(installed.status, JSON.stringify(installed.body)).toBe(200);
    expect(installed.body.data.packageName).toBe(packageName);
    expect(installed.body.data.installedNodes.map((node: { type: string }) => node.type).sort()).toEqual(
      [nodeTypes.workSpan, nodeTypes.workSpanTrigger].sort(),
    );
    const described = await n8n.rest('/node-types', {
      body: {
        nodeInfos: [
          { name: nodeTypes.workSpan, version: 1 },
          { name: nodeTypes.workSpanTrigger, version: 1 },
        ],
      },
    });
    expect(described.body.data.map((node: { name: string }) => node.name).sort()).toEqual([
      'workSpan',
      'workSpanTrigger',
    ]);
    credential = await createCredential(n8n, 'WorkSpan sandbox', sandbox.credentialData);
  });

  it('runs an action: Add Audit records the status the sandbox then holds', async () => {
    const objectId = await createOpportunity(sandbox, {
      name: `${uniqueTag('installed')} deal`,
      stage: 'proposal',
    });
    const run = await runSteps(n8n, credential, [
      {
        name: 'WorkSpan',
        type: nodeTypes.workSpan,
        parameters: {
          resource: 'object',
          operation: 'addAudit',
          objectId,
          statusCode: 'LINKED',
          message: 'installed from the registry',
          options: { integrationId: integrations.partnerCenter },
        },
      },
    ]);
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    expect(run.items).toEqual([
      { object_id: objectId, field_name: 'partner_center.integration_status', status_code: 'LINKED' },
    ]);
  });

  it('runs the trigger: published, it subscribes, and an event runs it once', async () => {
    const name = uniqueTag('installed-trigger');
    const id = await createWorkflow(
      n8n,
      workflow(
        `trigger ${name}`,
        [
          {
            name: 'WorkSpan Trigger',
            type: nodeTypes.workSpanTrigger,
            parameters: {
              eventSource: 'collaborationEvent',
              event: { __rl: true, mode: 'list', value: 'task.assigned' },
              name,
            },
          },
        ],
        credential,
      ),
    );
    try {
      const published = await activate(n8n, id);
      expect(published.status, JSON.stringify(published.body)).toBe(200);
      await waitFor(
        async () =>
          (sandbox.database.listSubscribers(sandbox.credentials.hostname) as { name: string }[]).find(
            (subscriber) => subscriber.name === name,
          ),
        'the subscription',
      );
      const objectId = await createOpportunity(sandbox, { name: `${name} deal`, stage: 'proposal' });
      await sandbox.admin('/events', {
        body: {
          event: 'task.assigned',
          object_id: objectId,
          data: { task_id: name, assignee_name: 'Priya Nair' },
        },
      });
      const [run] = await waitFor(async () => {
        const done = (await executions(n8n, id)).filter((record) => record.stoppedAt);
        return done.length > 0 ? done : undefined;
      }, 'the execution');
      expect(run.data.resultData.runData['WorkSpan Trigger'][0].data.main[0][0].json.object_id).toBe(
        objectId,
      );
    } finally {
      await deactivate(n8n, id);
    }
  });
});
