import { createServer } from 'node:net';
import { type RunningSandbox, startSandbox } from '@workspan-kit/sandbox';
import { type AdminAnswers, connectionVariables, sandboxAdmin } from '@workspan-kit/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanEnvironment, startWorkspan, workspan } from './test-support/workspan-process.js';

// How `listen` ends when WorkSpan cannot be reached or does not answer, and how it reports a
// receiver that cannot listen. Each test has a sandbox of its own, since some stop it.

let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function startOwnSandbox(): Promise<{ sandbox: RunningSandbox; env: Record<string, string> }> {
  sandbox = await startSandbox({ rateLimit: false });
  const env = cleanEnvironment(connectionVariables(sandbox));
  return { sandbox, env };
}

const listenArgs = ['listen', 'object', '--integration-id', 'WS-Integration_crm_opportunity'];
const cleanupCommand = (subscriberId: string) =>
  `delete it with: workspan subscription delete --subscriber-id ${subscriberId}`;

describe('listen stops even when WorkSpan does not cooperate', () => {
  it('on Ctrl-C while the delete hangs: prints the error and the clean-up command, exits non-zero', async () => {
    const own = await startOwnSandbox();
    const listener = startWorkspan([...listenArgs, '--unsubscribe-timeout', '1'], own.env);
    await listener.stderrIncludes('Listening for');
    const subscriberId = /\(subscription (\S+)\)/.exec(listener.stderrSoFar())?.[1] ?? '';
    await sandboxAdmin(own.sandbox, '/faults', {
      method: 'PUT',
      body: { latencyMs: 600_000, operations: ['DeleteSubscriber'] },
    });
    listener.child.kill('SIGINT');
    const result = await listener.finished;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `error: could not delete subscription ${subscriberId} (no answer within 1 s); ${cleanupCommand(subscriberId)}`,
    );
  });

  it('on SIGTERM with the API gone: prints the error and the clean-up command, exits non-zero', async () => {
    const own = await startOwnSandbox();
    const listener = startWorkspan([...listenArgs, '--unsubscribe-timeout', '2'], own.env);
    await listener.stderrIncludes('Listening for');
    const subscriberId = /\(subscription (\S+)\)/.exec(listener.stderrSoFar())?.[1] ?? '';
    await own.sandbox.close();
    sandbox = undefined;
    listener.child.kill('SIGTERM');
    const result = await listener.finished;
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(`error: could not delete subscription ${subscriberId} \\(.+\\); `),
    );
    expect(result.stderr).toContain(cleanupCommand(subscriberId));
  });

  it('on Ctrl-C while the subscribe call hangs: stops and says a subscription may exist', async () => {
    const own = await startOwnSandbox();
    await sandboxAdmin(own.sandbox, '/faults', {
      method: 'PUT',
      body: { latencyMs: 600_000, operations: ['SubscribeObjectEvent'] },
    });
    const listener = startWorkspan([...listenArgs, '--name', 'hung subscribe', '--debug'], own.env);
    await listener.stderrIncludes('debug: SubscribeObjectEvent POST');
    listener.child.kill('SIGINT');
    const result = await listener.finished;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      // --debug prints the error with its stack, so without the `error:` prefix.
      'stopped before WorkSpan confirmed the subscription; one named "hung subscribe" may exist',
    );
  });
});

describe('listen names the flag when the receiver cannot listen', () => {
  it('--host that is no address of this machine', async () => {
    const own = await startOwnSandbox();
    const result = await workspan([...listenArgs, '--host', '256.1.1.1'], own.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: --host: expected an address of this machine to listen on; got "256\.1\.1\.1"/m,
    );
    expect(
      (await sandboxAdmin<AdminAnswers['subscribers']>(own.sandbox, '/subscribers')).subscribers,
    ).toEqual([]);
  });

  it('--port that is in use', async () => {
    const own = await startOwnSandbox();
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      const result = await workspan([...listenArgs, '--port', String(port)], own.env);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`error: --port: expected a free port; ${port} is in use on 127.0.0.1`);
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  });
});
