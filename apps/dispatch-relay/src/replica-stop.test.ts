import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GitHubStandIn, RedisServerProcess } from '@workspan-kit/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeToken } from './test-support/relay-fixture.js';

const cli = join(fileURLToPath(new URL('.', import.meta.url)), '../dist/cli.js');

interface Replica {
  child: ChildProcess;
  url: string;
}

/** One replica as production runs it: the built command, its own process. */
async function startReplica(config: unknown): Promise<Replica> {
  const child = spawn(process.execPath, [cli, '--host', '127.0.0.1', '--port', '0'], {
    env: { PATH: process.env.PATH ?? '', WORKSPAN_RELAY_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk;
  });
  for (;;) {
    const listening = output
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line))
      .find((entry) => entry.message === 'relay listening');
    if (listening) return { child, url: listening.url };
    if (child.exitCode !== null) throw new Error(output);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * WorkSpan as a sender: `count` deliveries, `concurrency` at a time, to `first` until `afterFirst`
 * have been answered, then `onSwitch` (a stop or a kill of `first`), and every delivery not yet
 * answered 2xx — in flight on the stopped replica included — again on `second` until it is.
 */
async function send(options: {
  first: Replica;
  second: Replica;
  count: number;
  concurrency: number;
  afterFirst: number;
  onSwitch: () => void;
  prefix: string;
}): Promise<void> {
  let next = 0;
  let answered = 0;
  let switched = false;
  const post = (replica: Replica, index: number) =>
    fetch(`${replica.url}/hooks/deals/${routeToken}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-workspan-delivery-id': `${options.prefix}-${index}` },
      body: JSON.stringify({ object_id: `WS-${index}`, stage: 'won' }),
    }).then(
      async (response) => {
        await response.arrayBuffer();
        return response.status;
      },
      () => 0,
    );
  const worker = async () => {
    for (;;) {
      const index = next++;
      if (index >= options.count) return;
      let status = switched ? 0 : await post(options.first, index);
      while (status < 200 || status >= 300) {
        if (switched) await new Promise((resolve) => setTimeout(resolve, 100));
        else await new Promise((resolve) => setTimeout(resolve, 20));
        if (switched) status = await post(options.second, index);
        else status = await post(options.first, index);
      }
      answered++;
      if (!switched && answered >= options.afterFirst) {
        switched = true;
        options.onSwitch();
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
}

describe('a replica that stops or dies while dispatching', () => {
  let redis: RedisServerProcess;
  let github: GitHubStandIn;
  let config: unknown;

  beforeAll(async () => {
    redis = await RedisServerProcess.start();
    github = await new GitHubStandIn().start();
    // GitHub takes 150 ms to answer, so a stop or a crash finds dispatches in the middle of their call.
    github.answerDelayMs = 150;
    config = {
      github: { apiUrl: github.url, token: github.token },
      routes: { deals: { token: routeToken, repository: 'acme/deals', event: 'object.stage_change' } },
      redis: { url: redis.url },
      // A short claim, so that the sender's retries outlive it within the test.
      dispatch: { maxAttempts: 1, timeoutMs: 1000, maxWaitMs: 500, initialBackoffMs: 10, perMinute: 100_000 },
    };
  });
  afterAll(async () => {
    await github?.close();
    await redis?.close();
  });

  // Two replica processes and a retrying sender: on a busy machine this takes minutes, not seconds.
  const slowMachineTimeout = 300_000;

  const tally = (prefix: string, count: number) => {
    const ids = github.dispatches.map((dispatch) => dispatch.clientPayload.delivery_id as string);
    const lost = Array.from({ length: count }, (_, index) => `${prefix}-${index}`).filter(
      (id) => !ids.includes(id),
    );
    return { lost, duplicates: ids.length - new Set(ids).size };
  };

  it(
    'on SIGTERM (a rolling deploy) finishes what it was dispatching: nothing lost, nothing twice',
    async () => {
      github.dispatches.length = 0;
      const first = await startReplica(config);
      const second = await startReplica(config);
      try {
        await send({
          first,
          second,
          count: 60,
          concurrency: 8,
          afterFirst: 20,
          onSwitch: () => first.child.kill('SIGTERM'),
          prefix: 'stop',
        });
        const [code] =
          first.child.exitCode === null ? await once(first.child, 'exit') : [first.child.exitCode];
        expect(code).toBe(0);
        const { lost, duplicates } = tally('stop', 60);
        console.log(`SIGTERM after 20 of 60 deliveries: ${duplicates} duplicate(s), ${lost.length} lost`);
        expect(lost).toEqual([]);
        expect(duplicates).toBe(0);
      } finally {
        first.child.kill('SIGKILL');
        second.child.kill('SIGTERM');
      }
    },
    slowMachineTimeout,
  );

  it(
    'on kill -9: nothing lost, and a duplicate only for a delivery that was inside its GitHub call (the count is printed)',
    async () => {
      github.dispatches.length = 0;
      const first = await startReplica(config);
      const second = await startReplica(config);
      const concurrency = 8;
      try {
        await send({
          first,
          second,
          count: 150,
          concurrency,
          afterFirst: 50,
          onSwitch: () => first.child.kill('SIGKILL'),
          prefix: 'kill',
        });
        const { lost, duplicates } = tally('kill', 150);
        console.log(
          `kill -9 after 50 of 150 deliveries, ${concurrency} in flight: ${duplicates} duplicate(s)`,
        );
        expect(lost).toEqual([]);
        expect(duplicates).toBeLessThanOrEqual(concurrency);
      } finally {
        first.child.kill('SIGKILL');
        second.child.kill('SIGTERM');
      }
    },
    slowMachineTimeout,
  );
});
