import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningSandbox } from '@workspan-kit/sandbox';
import { connectionVariables, waitUntil } from '@workspan-kit/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, subscriberIds } from './test-support/sandbox.js';
import { connectStdio } from './test-support/server-process.js';

const integrationId = 'WS-Integration_crm_opportunity';
let sandbox: RunningSandbox;
let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'workspan-mcp-lifecycle-'));
  sandbox = await startSandbox({ port: 0, rateLimit: false });
});

afterAll(async () => {
  await sandbox?.close();
  await rm(folder, { recursive: true, force: true });
});

const environment = () => ({ ...connectionVariables(sandbox), XDG_STATE_HOME: folder });

describe('watches end with the session', () => {
  it('leaves no subscription once the client closes the session', async () => {
    const session = await connectStdio(environment());
    const watch = await session.client.callTool({
      name: 'workspan_watch_object_event',
      arguments: { integrationId },
    });
    const { subscriberId } = watch.structuredContent as { subscriberId: string };
    expect(await subscriberIds(sandbox)).toContain(subscriberId);
    await session.close();
    await waitUntil(
      'the subscription to be deleted',
      async () => !(await subscriberIds(sandbox)).includes(subscriberId),
    );
  });

  it('deletes at the next start what a killed server left subscribed', async () => {
    const crashed = await connectStdio(environment());
    const watch = await crashed.client.callTool({
      name: 'workspan_watch_object_event',
      arguments: { integrationId },
    });
    const { subscriberId } = watch.structuredContent as { subscriberId: string };
    process.kill(crashed.pid, 'SIGKILL');
    await crashed.close().catch(() => undefined);
    expect(await subscriberIds(sandbox)).toContain(subscriberId);

    const next = await connectStdio(environment());
    await waitUntil(
      'the subscription to be deleted',
      async () => !(await subscriberIds(sandbox)).includes(subscriberId),
    );
    await waitUntil('the next run to delete the subscription left', async () =>
      next.stderr().includes('Deleted 1 subscription(s) an earlier run left'),
    );
    await next.close();
  });
});
