// The GitHub Action's cold start as the runner starts it, against bare node running an empty
// script; and relay deliveries per second to a stand-in GitHub, one replica and two on Redis.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRelayConfig, startRelay } from '@workspan-kit/dispatch-relay';
import { GitHubStandIn, RedisServerProcess } from '@workspan-kit/test-kit';
import { paired, summarise } from './measure.mjs';

const actionBundle = fileURLToPath(import.meta.resolve('@workspan-kit/github-action/dist/index.js'));

function timedRun(script, env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [script], { env, stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) reject(new Error(`${script} exited with ${code}`));
      else resolve(ms);
    });
  });
}

/** Median of several starts, so one noisy start does not decide a pair. */
async function medianOf(count, run) {
  const times = [];
  for (let index = 0; index < count; index++) times.push(await run());
  return summarise(times).median;
}

async function coldStart({ runs, quick, smoke = false }) {
  const folder = mkdtempSync(join(tmpdir(), 'bench-action-'));
  try {
    const empty = join(folder, 'empty.mjs');
    writeFileSync(empty, '');
    const event = join(folder, 'event.json');
    writeFileSync(
      event,
      JSON.stringify({
        action: 'workspan.object.stage_change',
        client_payload: {
          event: 'object.stage_change',
          route: 'deals',
          delivery_id: 'bench',
          received_at: new Date().toISOString(),
          payload: { object_id: 'WS-1', stage: 'won' },
          trimmed: [],
        },
      }),
    );
    const output = join(folder, 'output');
    // A whole step of the action's own operation: inputs, event file and outputs, no network.
    const env = {
      PATH: process.env.PATH,
      INPUT_OPERATION: 'ReadDispatchedEvent',
      GITHUB_EVENT_NAME: 'repository_dispatch',
      GITHUB_EVENT_PATH: event,
      GITHUB_OUTPUT: output,
      GITHUB_STEP_SUMMARY: join(folder, 'summary'),
      GITHUB_WORKSPACE: folder,
    };
    const starts = smoke ? 1 : quick ? 3 : 5;
    const result = await paired(
      runs,
      () =>
        medianOf(starts, () => {
          writeFileSync(output, '');
          return timedRun(actionBundle, env);
        }),
      () => medianOf(starts, () => timedRun(empty, { PATH: process.env.PATH })),
      { ms: (value) => value },
    );
    const extraMs = result.ms.candidate.median - result.ms.baseline.median;
    return {
      name: 'github action: cold start of one step, ms',
      unit: 'ms',
      value: result.ms.candidate,
      baselineName: 'bare node, empty script',
      baseline: result.ms.baseline,
      ratio: result.ms.ratio,
      target: '≤ +150 ms (median)',
      met: extraMs <= 150,
      extraMs,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Posts `count` distinct deliveries, `concurrency` at a time, round-robin over the targets. */
async function deliveriesPerSecond(urls, count, concurrency, prefix) {
  let next = 0;
  const started = process.hrtime.bigint();
  const worker = async () => {
    for (;;) {
      const index = next++;
      if (index >= count) return;
      const response = await fetch(urls[index % urls.length](index), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-workspan-delivery-id': `${prefix}-${index}` },
        body: JSON.stringify({ object_id: `WS-${index}`, stage: 'won' }),
      });
      await response.arrayBuffer();
      if (response.status >= 300) throw new Error(`delivery answered ${response.status}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return count / (Number(process.hrtime.bigint() - started) / 1e9);
}

async function relayThroughput({ runs, quick, smoke = false }) {
  const github = await new GitHubStandIn().start();
  const redis = await RedisServerProcess.start();
  const token = 'bench-route-token-0123456789abcdefghij';
  const config = (withRedis) =>
    parseRelayConfig({
      github: { apiUrl: github.url, token: github.token },
      routes: { deals: { token, repository: 'acme/deals', event: 'object.stage_change' } },
      dispatch: { perMinute: 10_000_000 },
      ...(withRedis ? { redis: { url: redis.url } } : {}),
    });
  const single = await startRelay(config(false));
  const pair = [await startRelay(config(true)), await startRelay(config(true))];
  const count = smoke ? 20 : quick ? 300 : 1500;
  const concurrency = 16;
  let round = 0;
  const hook = (relay) => () => `${relay.url}/hooks/deals/${token}`;
  const direct = () => `${github.url}/repos/acme/deals/dispatches`;
  const directBody = async () => {
    // GitHub alone: the same number of dispatch calls straight to the stand-in.
    let next = 0;
    const started = process.hrtime.bigint();
    const body = JSON.stringify({
      event_type: 'workspan.object.stage_change',
      client_payload: { event: 'x' },
    });
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next++ < count) {
          const response = await fetch(direct(), {
            method: 'POST',
            headers: { authorization: `Bearer ${github.token}`, 'content-type': 'application/json' },
            body,
          });
          await response.arrayBuffer();
        }
      }),
    );
    return count / (Number(process.hrtime.bigint() - started) / 1e9);
  };
  try {
    const one = await paired(
      runs,
      () => deliveriesPerSecond([hook(single)], count, concurrency, `one-${round++}`),
      directBody,
      { rate: (value) => value },
    );
    const two = await paired(
      runs,
      () => deliveriesPerSecond(pair.map(hook), count, concurrency, `two-${round++}`),
      directBody,
      { rate: (value) => value },
    );
    return [
      {
        name: 'dispatch relay, one replica (memory): deliveries/s',
        unit: 'deliveries/s',
        value: one.rate.candidate,
        baselineName: 'stand-in GitHub called directly',
        baseline: one.rate.baseline,
        ratio: one.rate.ratio,
      },
      {
        name: 'dispatch relay, two replicas on Redis: deliveries/s',
        unit: 'deliveries/s',
        value: two.rate.candidate,
        baselineName: 'stand-in GitHub called directly',
        baseline: two.rate.baseline,
        ratio: two.rate.ratio,
      },
    ];
  } finally {
    await single.close();
    for (const relay of pair) await relay.close();
    await redis.close();
    await github.close();
  }
}

export async function measureGitHubAction(options) {
  return [await coldStart(options), ...(await relayThroughput(options))];
}
