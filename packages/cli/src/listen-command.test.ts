import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type RunningSandbox, startSandbox } from '@workspan-kit/sandbox';
import {
  type AdminAnswers,
  connectionVariables,
  type SandboxObject,
  sandboxAdmin,
} from '@workspan-kit/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, cleanEnvironment, startWorkspan } from './test-support/workspan-process.js';

let sandbox: RunningSandbox;
let env: Record<string, string>;

beforeAll(async () => {
  assertBuilt();
  sandbox = await startSandbox({ rateLimit: false });
  env = cleanEnvironment(connectionVariables(sandbox));
});

afterAll(async () => {
  await sandbox?.close();
});

async function someOpportunity(): Promise<SandboxObject> {
  const { objects } = await sandboxAdmin<AdminAnswers['objects']>(
    sandbox,
    '/objects?type=opportunity&limit=1',
  );
  if (!objects[0]) throw new Error('the seeded sandbox has no opportunity');
  return objects[0];
}

const nextStage = (stage: unknown) => (stage === 'won' ? 'lost' : 'won');

/** `listen` for the stage changes of one object. */
const listenToStageChanges = (object: SandboxObject) => [
  'listen',
  'object',
  '--integration-id',
  'WS-Integration_crm_opportunity',
  '--events',
  'object.stage_change',
  '--object-ids',
  object.object_id,
];

/** Default: the sandbox's delivery headers; bare: the payload alone, as WorkSpan sends it. */
const deliveryMode = (mode: 'default' | 'bare') =>
  sandboxAdmin(sandbox, '/delivery', { method: 'PUT', body: { bare: mode === 'bare' } });

describe.each(['default', 'bare'] as const)('listen object (%s deliveries)', (mode) => {
  beforeAll(() => deliveryMode(mode));
  afterAll(() => deliveryMode('default'));

  it('prints a stage change and deletes its subscription after --max-events 1', async () => {
    const object = await someOpportunity();
    const listener = startWorkspan(
      [
        'listen',
        'object',
        '--integration-id',
        'WS-Integration_crm_opportunity',
        '--events',
        'object.stage_change',
        '--name',
        'cli test',
        '--max-events',
        '1',
      ],
      env,
    );
    await listener.stderrIncludes('Listening for object events');
    const { subscribers } = await sandboxAdmin<AdminAnswers['subscribers']>(sandbox, '/subscribers');
    expect(subscribers).toHaveLength(1);
    expect(subscribers[0]).toMatchObject({ name: 'cli test', events: ['object.stage_change'] });

    const stage = nextStage(object.fields.stage);
    await sandboxAdmin(sandbox, `/objects/${object.object_id}/stage`, { method: 'POST', body: { stage } });
    const result = await listener.finished;
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('object.stage_change');
    expect(lines[0]).toContain(object.object_id);
    expect(lines[0]).toContain('changed: stage');
    expect(result.stderr).toMatch(/Deleted subscription \S+\./);
    expect((await sandboxAdmin<AdminAnswers['subscribers']>(sandbox, '/subscribers')).subscribers).toEqual(
      [],
    );
    // The token lives only in the callback URL, which is never printed with its query.
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/token=/);
  });

  it('prints each payload as JSON with its delivery metadata under _delivery with --json, and unsubscribes on SIGTERM', async () => {
    const object = await someOpportunity();
    const listener = startWorkspan(
      [
        'SubscribeObjectEvent',
        '--integration-id',
        'WS-Integration_crm_opportunity',
        '--json',
        '--object-ids',
        object.object_id,
      ],
      env,
    );
    await listener.stderrIncludes('Listening for');
    await sandboxAdmin(sandbox, `/objects/${object.object_id}/stage`, {
      method: 'POST',
      body: { stage: nextStage(object.fields.stage) },
    });
    const subscriberId = /\(subscription (\S+)\)/.exec(listener.stderrSoFar())?.[1];
    // object.all delivers both the update and the stage change.
    await waitFor(
      async () =>
        (
          await sandboxAdmin<AdminAnswers['deliveries']>(
            sandbox,
            `/deliveries?status=delivered&subscriber_id=${subscriberId}`,
          )
        ).deliveries.length === 2,
    );
    listener.child.kill('SIGTERM');
    const result = await listener.finished;
    expect(result.code, result.stderr).toBe(0);
    const items = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(items.map((item) => item.event).sort()).toEqual(['object.stage_change', 'object.update']);
    for (const item of items) {
      expect(item.object_id).toBe(object.object_id);
      expect(item._delivery).toMatchObject(
        mode === 'bare'
          ? { event: item.event, duplicate: false }
          : { id: expect.any(String), event: item.event, subscriberId, attempt: 1, duplicate: false },
      );
      if (mode === 'bare') expect(item._delivery).not.toHaveProperty('id');
    }
    expect((await sandboxAdmin<AdminAnswers['subscribers']>(sandbox, '/subscribers')).subscribers).toEqual(
      [],
    );
  });

  it('prints won, proposal and won again: a real repeat of the same body runs every time', async () => {
    const object = await someOpportunity();
    await sandboxAdmin(sandbox, `/objects/${object.object_id}/stage`, {
      method: 'POST',
      body: { stage: 'proposal' },
    });
    const listener = startWorkspan([...listenToStageChanges(object), '--json'], env);
    await listener.stderrIncludes('Listening for');
    const subscriberId = /\(subscription (\S+)\)/.exec(listener.stderrSoFar())?.[1];
    for (const [index, stage] of ['won', 'proposal', 'won'].entries()) {
      await sandboxAdmin(sandbox, `/objects/${object.object_id}/stage`, { method: 'POST', body: { stage } });
      await waitFor(
        async () =>
          (
            await sandboxAdmin<AdminAnswers['deliveries']>(
              sandbox,
              `/deliveries?status=delivered&subscriber_id=${subscriberId}`,
            )
          ).deliveries.length ===
          index + 1,
      );
    }
    listener.child.kill('SIGTERM');
    const result = await listener.finished;
    expect(result.code, result.stderr).toBe(0);
    const items = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(items.map((item) => item.stage)).toEqual(['won', 'proposal', 'won']);
    const { _delivery: _first, ...first } = items[0];
    const { _delivery: _third, ...third } = items[2];
    expect(third).toEqual(first);
  });

  it('refuses deliveries without the token', async () => {
    const listener = startWorkspan(
      ['listen', 'object', '--integration-id', 'WS-Integration_crm_opportunity', '--port', '0', '--debug'],
      env,
    );
    await listener.stderrIncludes('Listening for');
    const address = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(listener.stderrSoFar())?.[1];
    expect(address).toBeDefined();
    const forged = await fetch(`${address}?token=guessed-token-value-000`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ object_id: 'WS-Project_1', event: 'object.update' }),
    });
    expect(forged.status).toBe(401);
    listener.child.kill('SIGINT');
    const result = await listener.finished;
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Refused a delivery (HTTP 401)');
    expect((await sandboxAdmin<AdminAnswers['subscribers']>(sandbox, '/subscribers')).subscribers).toEqual(
      [],
    );
  });
});

describe('listen after a run that died', () => {
  const listenObject = ['listen', 'object', '--integration-id', 'WS-Integration_crm_opportunity'];

  it('a process killed after subscribing leaves no subscription once the next listen at its address starts', async () => {
    // A port that was free a moment ago: both runs receive there, so both name the same callback URL.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = String((probe.address() as AddressInfo).port);
    await new Promise((resolve) => probe.close(resolve));
    const args = [...listenObject, '--name', 'killed run', '--port', port];

    const first = startWorkspan(args, env);
    await first.stderrIncludes('Listening for');
    const lost = /\(subscription (\S+)\)/.exec(first.stderrSoFar())?.[1];
    first.child.kill('SIGKILL');
    await first.finished;
    const before = (await sandboxAdmin<AdminAnswers['subscribers']>(sandbox, '/subscribers')).subscribers;
    expect(before.map((subscriber) => subscriber.subscriber_id)).toEqual([lost]);

    const second = startWorkspan(args, env);
    await second.stderrIncludes('Listening for');
    expect(second.stderrSoFar()).toContain(`Deleted 1 left-over subscription(s) of an earlier run`);
    expect(second.stderrSoFar()).toContain(String(lost));
    const during = (await sandboxAdmin<AdminAnswers['subscribers']>(sandbox, '/subscribers')).subscribers;
    expect(during.map((subscriber) => subscriber.subscriber_id)).not.toContain(lost);
    expect(during).toHaveLength(1);
    second.child.kill('SIGTERM');
    const result = await second.finished;
    expect(result.code, result.stderr).toBe(0);
    expect((await sandboxAdmin<AdminAnswers['subscribers']>(sandbox, '/subscribers')).subscribers).toEqual(
      [],
    );
    expect(result.stderr).not.toMatch(/token=/);
  });

  it('starts as before when WorkSpan does not answer the list', async () => {
    await sandboxAdmin(sandbox, '/faults', {
      method: 'PUT',
      body: { errorRates: { '404': 1 }, operations: ['ListSubscribers'] },
    });
    try {
      const listener = startWorkspan([...listenObject, '--name', 'no list'], env);
      await listener.stderrIncludes('Listening for');
      listener.child.kill('SIGTERM');
      const result = await listener.finished;
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).not.toContain('left-over');
    } finally {
      await sandboxAdmin(sandbox, '/faults', { method: 'DELETE' });
    }
  });
});

describe('listen takes what WorkSpan sends', () => {
  it('prints a delivery that carries only the payload, none of the sandbox headers, once; the same body again is a repeat', async () => {
    const object = await someOpportunity();
    const relay = await startHeaderStrippingRelay();
    try {
      const listener = startWorkspan(
        [...listenToStageChanges(object), '--public-url', `${relay.url}/hook`],
        env,
      );
      await listener.stderrIncludes('Listening for');
      const local = /\(received on (http:\/\/127\.0\.0\.1:\d+\/)\)/.exec(listener.stderrSoFar())?.[1];
      if (!local) throw new Error(`no local address in: ${listener.stderrSoFar()}`);
      relay.target = local;

      await sandboxAdmin(sandbox, `/objects/${object.object_id}/stage`, {
        method: 'POST',
        body: { stage: nextStage(object.fields.stage) },
      });
      const [forwarded] = await relay.forwardedCount(1);
      if (!forwarded) throw new Error('unreachable');
      // The sandbox sent its delivery headers; the relay kept them from the receiver.
      expect(forwarded.stripped).toEqual(
        expect.arrayContaining(['x-workspan-delivery-id', 'x-workspan-attempt']),
      );
      expect(forwarded.answer).toEqual({ received: true, duplicate: false });
      // WorkSpan retrying the same body, still without any header.
      expect(await relay.replay(forwarded)).toEqual({ received: true, duplicate: true });

      listener.child.kill('SIGINT');
      const result = await listener.finished;
      expect(result.code, result.stderr).toBe(0);
      const lines = result.stdout.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('object.stage_change');
      expect(lines[0]).toContain(object.object_id);
      expect(result.stderr).toMatch(/Skipped a redelivery \(object:opportunity:[^,]+, sha256:[0-9a-f]{64}\)/);
    } finally {
      await relay.close();
    }
  });
});

interface Forwarded {
  path: string;
  body: string;
  /** The sandbox's headers that were not passed on. */
  stripped: string[];
  answer: unknown;
}

/**
 * Stands between the sandbox and `listen`: forwards each delivery with its path, query and body but
 * only a content type, as a sender that knows none of the sandbox's headers would.
 */
async function startHeaderStrippingRelay() {
  const forwarded: Forwarded[] = [];
  const relay = {
    target: '',
    url: '',
    async send(path: string, body: string): Promise<unknown> {
      const response = await fetch(new URL(path, relay.target), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      return response.json();
    },
    replay: (delivery: Forwarded) => relay.send(delivery.path, delivery.body),
    async forwardedCount(count: number): Promise<Forwarded[]> {
      await waitFor(async () => forwarded.length >= count);
      return forwarded;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = (request.url ?? '/').replace(/^\/hook/, '') || '/';
      relay.send(path, body).then(
        (answer) => {
          const stripped = Object.keys(request.headers).filter((name) => name.startsWith('x-workspan-'));
          forwarded.push({ path, body, stripped, answer });
          response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        },
        () => response.writeHead(502).end(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  relay.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return relay;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
