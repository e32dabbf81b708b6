import { GitHubStandIn, RedisServerProcess } from '@workspan-kit/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningRelay, startRelay } from './relay-server.js';
import { postDelivery, testRelayConfig } from './test-support/relay-fixture.js';

/** What WorkSpan does with a 5xx: deliver the same thing again later, until it gets a 2xx. */
async function deliverUntilAccepted(relay: RunningRelay, body: unknown, id: string): Promise<Response> {
  const giveUpAt = Date.now() + 60_000;
  for (;;) {
    const response = await postDelivery(relay, body, { headers: { 'x-workspan-delivery-id': id } });
    if (response.status < 500 || Date.now() > giveUpAt) return response;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('two replicas on one Redis', () => {
  let redis: RedisServerProcess;
  let github: GitHubStandIn;
  let first: RunningRelay;
  let second: RunningRelay;

  beforeAll(async () => {
    redis = await RedisServerProcess.start();
    github = await new GitHubStandIn().start();
    const config = testRelayConfig(github, {
      redis: { url: redis.url },
      dispatch: { maxWaitMs: 500, initialBackoffMs: 10 },
    });
    first = await startRelay(config);
    second = await startRelay(config);
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await github?.close();
    await redis?.close();
  });

  it('dispatches each delivery exactly once when both replicas receive it at the same time', async () => {
    github.dispatches.length = 0;
    const ids = Array.from({ length: 25 }, (_, index) => `parallel-${index}`);
    await Promise.all(
      ids.flatMap((id) => [
        deliverUntilAccepted(first, { object_id: id }, id),
        deliverUntilAccepted(second, { object_id: id }, id),
      ]),
    );
    const dispatched = github.dispatches.map((dispatch) => dispatch.clientPayload.delivery_id).sort();
    expect(dispatched).toEqual([...ids].sort());
  });

  it('shares GitHub’s rate-limit pause: after one replica is told to wait, the other does not call GitHub', async () => {
    github.requests = 0;
    // Long enough that a slow machine still asks the second replica within the pause.
    github.answerNext({ status: 429, headers: { 'retry-after': '8' } });
    const limited = await postDelivery(
      first,
      { object_id: 'limited' },
      { headers: { 'x-workspan-delivery-id': 'limited-1' } },
    );
    expect(limited.status).toBe(503);
    const other = await postDelivery(
      second,
      { object_id: 'other' },
      { headers: { 'x-workspan-delivery-id': 'limited-2' } },
    );
    expect(other.status).toBe(503);
    expect(github.requests).toBe(1);
    await deliverUntilAccepted(second, { object_id: 'limited' }, 'limited-1');
    await deliverUntilAccepted(first, { object_id: 'other' }, 'limited-2');
    const ids = github.dispatches.map((dispatch) => dispatch.clientPayload.delivery_id);
    expect(ids.filter((id) => id === 'limited-1')).toHaveLength(1);
    expect(ids.filter((id) => id === 'limited-2')).toHaveLength(1);
  });

  it('still dispatches once when Redis restarts between a delivery and its redelivery', async () => {
    github.dispatches.length = 0;
    const before = await postDelivery(
      first,
      { object_id: 'A' },
      { headers: { 'x-workspan-delivery-id': 'restart-A' } },
    );
    expect(await before.json()).toEqual({ status: 'dispatched' });

    await redis.stop();
    // While Redis is away nothing is dispatched: WorkSpan is told to come back.
    const during = await postDelivery(
      second,
      { object_id: 'B' },
      { headers: { 'x-workspan-delivery-id': 'restart-B' } },
    );
    expect(during.status).toBe(503);
    expect(github.dispatches).toHaveLength(1);
    await redis.start();

    const redeliveredA = await deliverUntilAccepted(second, { object_id: 'A' }, 'restart-A');
    expect(await redeliveredA.json()).toEqual({ status: 'duplicate', received: true, duplicate: true });
    const redeliveredB = await deliverUntilAccepted(first, { object_id: 'B' }, 'restart-B');
    expect(await redeliveredB.json()).toEqual({ status: 'dispatched' });
    const againB = await deliverUntilAccepted(second, { object_id: 'B' }, 'restart-B');
    expect(await againB.json()).toEqual({ status: 'duplicate', received: true, duplicate: true });
    expect(github.dispatches.map((dispatch) => dispatch.clientPayload.delivery_id)).toEqual([
      'restart-A',
      'restart-B',
    ]);
  });
});
