// A fresh Node-RED installs the WorkSpan nodes through its palette manager's install endpoint
// (`POST /nodes`, what Manage palette → Install sends) from the local registry, set in the user
// directory's .npmrc for the package's scope, as a Node-RED user sets a registry; then an action node and an event node run
// against the sandbox.
// biome-ignore-all lint/suspicious/noExplicitAny: Node-RED's answers are free-form JSON
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type NodeRedProcess,
  startNodeRed,
} from '@workspan-kit/node-red-workspan/runtime/node-red-runtime.mjs';
import {
  actionRoute,
  connectionNode,
  eventRoute,
  tabNode,
} from '@workspan-kit/node-red-workspan/test/test-support/flows.ts';
import {
  Collector,
  eventually,
  sandboxWithFastDelivery,
} from '@workspan-kit/node-red-workspan/test/test-support/harness.ts';
import type { RunningSandbox } from '@workspan-kit/sandbox';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const packageName = '@workspan-kit/node-red-workspan';
const registryUrl = inject('registryUrl');
const registryEnv = inject('registryEnv');
const userDir = mkdtempSync(join(tmpdir(), 'workspan-node-red-palette-'));
const collector = new Collector();
let sandbox: RunningSandbox;
let nodeRed: NodeRedProcess;

beforeAll(async () => {
  writeFileSync(join(userDir, 'package.json'), JSON.stringify({ name: 'node-red-project', private: true }));
  writeFileSync(join(userDir, '.npmrc'), `@workspan-kit:registry=${registryUrl}/\n`);
  await collector.start();
  sandbox = await sandboxWithFastDelivery();
  nodeRed = await startNodeRed({
    major: 5,
    userDir,
    env: {
      npm_config_cache: registryEnv.npm_config_cache as string,
      NODE_DISABLE_COMPILE_CACHE: '1',
    },
  });
});

afterAll(async () => {
  await nodeRed?.stop();
  await sandbox?.close();
  await collector.close();
  rmSync(userDir, { recursive: true, force: true });
});

describe('Node-RED palette installation', () => {
  it('installs the package by name; its nodes are then in the palette', async () => {
    const installed = await nodeRed.admin('/nodes', {
      method: 'POST',
      body: JSON.stringify({ module: packageName }),
    });
    const body = (await installed.json()) as any;
    expect(installed.status, JSON.stringify(body)).toBe(200);
    expect(body.name).toBe(packageName);
    const types = body.nodes.flatMap((set: { types: string[] }) => set.types);
    expect(types).toEqual(
      expect.arrayContaining(['workspan-connection', 'workspan-metadata', 'workspan-collaboration-event']),
    );
    const palette = (await (
      await nodeRed.admin('/nodes', { headers: { accept: 'application/json' } })
    ).json()) as any[];
    expect(palette.filter((set) => set.module === packageName).length).toBeGreaterThan(0);
  });

  it('runs an action node and an event node against the sandbox', async () => {
    await nodeRed.deploy([
      tabNode,
      connectionNode({ url: sandbox.url, ...sandbox.credentials }),
      ...actionRoute('metadata', 'workspan-metadata', { operation: 'GetIntegrationList' }),
      ...eventRoute(
        'collaboration',
        'workspan-collaboration-event',
        { event: 'task.assigned', name: 'palette-install' },
        collector.url,
      ),
    ]);
    const listed = await eventually(async () => {
      const answer = await fetch(`${nodeRed.url}/run/metadata`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      return answer.status === 200 ? ((await answer.json()) as any) : undefined;
    }, 'the action node');
    expect(listed.payload.integrations.map((item: any) => item.integration_id)).toContain(
      'WS-Integration_crm_opportunity',
    );

    const admin = async (path: string, body?: unknown) =>
      (await fetch(`${sandbox.url}/_sandbox${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'x-ws-env': sandbox.credentials.hostname, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }).then((answer) => answer.json())) as any;
    await eventually(
      async () =>
        (await admin('/subscribers')).subscribers.some((item: any) => item.name === 'palette-install')
          ? true
          : undefined,
      'the event node to subscribe',
    );
    const objectId = (await admin('/objects?type=opportunity&limit=1')).objects[0].object_id;
    await admin('/events', {
      event: 'task.assigned',
      object_id: objectId,
      data: { task_title: 'Installed from the palette' },
    });
    const [message] = await eventually(
      () =>
        collector.messages('collaboration').length > 0 ? collector.messages('collaboration') : undefined,
      'the event message',
    );
    expect((message as any).payload.object_id).toBe(objectId);
  });
});
