import { GitHubStandIn } from '@workspan-kit/test-kit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningRelay } from './relay-server.js';
import { startRelay } from './relay-server.js';
import { postDelivery, routeToken, testRelayConfig } from './test-support/relay-fixture.js';

const stageChange = { object_id: 'WS-Opportunity_1', stage: 'won', 'sales_details.partner': 'P1' };

describe('the relay with one replica', () => {
  let github: GitHubStandIn;
  let relay: RunningRelay;
  let counter = 0;
  const deliveryId = () => `delivery-${++counter}`;

  beforeAll(async () => {
    github = await new GitHubStandIn().start();
    relay = await startRelay(testRelayConfig(github));
  });
  afterAll(async () => {
    await relay.close();
    await github.close();
  });
  afterEach(() => {
    github.dispatches.length = 0;
    github.requests = 0;
  });

  it('dispatches a delivery as workspan.<event> with the fixed envelope', async () => {
    const id = deliveryId();
    const response = await postDelivery(relay, stageChange, { headers: { 'x-workspan-delivery-id': id } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'dispatched' });
    const [dispatch] = github.dispatches;
    expect(dispatch?.repository).toBe('acme/deals');
    expect(dispatch?.eventType).toBe('workspan.object.stage_change');
    expect(dispatch?.clientPayload).toMatchObject({
      event: 'object.stage_change',
      route: 'deals',
      delivery_id: id,
      payload: stageChange,
      trimmed: [],
    });
    expect(Object.keys(dispatch?.clientPayload ?? {}).sort()).toEqual(
      ['delivery_id', 'event', 'payload', 'received_at', 'route', 'trimmed'].sort(),
    );
  });

  it('takes the event name from the delivery header before the route default', async () => {
    await postDelivery(
      relay,
      { object_id: 'x' },
      {
        route: 'referrals',
        token: `${routeToken}-2`,
        headers: { 'x-workspan-event': 'object.partner_center_referral_submit' },
      },
    );
    expect(github.dispatches[0]?.eventType).toBe('workspan.object.partner_center_referral_submit');
    expect(github.dispatches[0]?.repository).toBe('acme/referrals');
  });

  it('refuses a wrong token and an unknown route alike, with no detail, and sends nothing', async () => {
    const wrong = await postDelivery(relay, stageChange, { token: `${routeToken.slice(0, -1)}X` });
    const unknown = await postDelivery(relay, stageChange, { route: 'nope' });
    const short = await postDelivery(relay, stageChange, { token: 'a' });
    const malformed = await postDelivery(relay, stageChange, { token: '%E0%A4%A' });
    for (const response of [wrong, unknown, short, malformed]) {
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: 'unauthorized' });
    }
    expect(github.requests).toBe(0);
  });

  it('refuses bodies over the limit, declared or streamed, and bodies that are not a JSON object', async () => {
    const small = await startRelay(testRelayConfig(github, { maxBodyBytes: 1000 }));
    try {
      const declared = await postDelivery(small, { blob: 'x'.repeat(2000) });
      expect(declared.status).toBe(413);
      const streamed = await fetch(`${small.url}/hooks/deals/${routeToken}`, {
        method: 'POST',
        body: new ReadableStream({
          start(controller) {
            for (let index = 0; index < 10; index++)
              controller.enqueue(new TextEncoder().encode('x'.repeat(200)));
            controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
      expect(streamed.status).toBe(413);
      expect((await postDelivery(small, 'not json')).status).toBe(400);
      expect((await postDelivery(small, [1, 2])).status).toBe(400);
      expect(
        (await postDelivery(small, 'not json', { headers: { 'content-type': 'text/plain' } })).status,
      ).toBe(400);
    } finally {
      await small.close();
    }
    expect(github.requests).toBe(0);
  });

  it('refuses JSON nested 100,000 levels with a 400, not a 5xx WorkSpan would redeliver forever', async () => {
    const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    const response = await postDelivery(relay, deep);
    expect(response.status).toBe(400);
    expect(github.requests).toBe(0);
  });

  it('dispatches a real repeat without a delivery id: the same body after another event for the object', async () => {
    const object = {
      object_id: 'WS-Opportunity_9',
      object_type: 'opportunity',
      event: 'object.stage_change',
    };
    const won = { ...object, stage: 'won', previous_stage: 'proposal' };
    for (const body of [won, won, { ...object, stage: 'proposal', previous_stage: 'won' }, won])
      await postDelivery(relay, body);
    expect(
      github.dispatches.map((dispatch) => (dispatch.clientPayload.payload as { stage?: string }).stage),
    ).toEqual(['won', 'proposal', 'won']);
  });

  it('dispatches a redelivery once: by delivery id, and by body digest when there is no id', async () => {
    const id = deliveryId();
    const first = await postDelivery(relay, stageChange, { headers: { 'x-workspan-delivery-id': id } });
    const again = await postDelivery(relay, stageChange, { headers: { 'x-workspan-delivery-id': id } });
    expect(first.status).toBe(200);
    expect(await again.json()).toEqual({ status: 'duplicate', received: true, duplicate: true });
    const bare = { ...stageChange, changed_at: `${Date.now()}` };
    await postDelivery(relay, bare);
    const bareAgain = await postDelivery(relay, bare);
    expect(await bareAgain.json()).toEqual({ status: 'duplicate', received: true, duplicate: true });
    expect(github.dispatches).toHaveLength(2);
    expect(github.dispatches[1]?.clientPayload.delivery_id).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('retries GitHub 5xx answers and dropped calls with backoff, then dispatches once', async () => {
    github.answerNext({ status: 502 }, { status: 503, headers: { 'retry-after': '0' } });
    const response = await postDelivery(relay, stageChange, {
      headers: { 'x-workspan-delivery-id': deliveryId() },
    });
    expect(response.status).toBe(200);
    expect(github.requests).toBe(3);
    expect(github.dispatches).toHaveLength(1);
  });

  it('waits out a short GitHub rate limit (Retry-After) and dispatches', async () => {
    github.answerNext({ status: 429, headers: { 'retry-after': '1' }, body: { message: 'rate limited' } });
    const response = await postDelivery(relay, stageChange, {
      headers: { 'x-workspan-delivery-id': deliveryId() },
    });
    expect(response.status).toBe(200);
    expect(github.requests).toBe(2);
  });

  it('answers 503 with Retry-After on a long rate limit, pauses every later delivery, and dispatches the redelivery', async () => {
    const limited = await startRelay(
      testRelayConfig(github, { dispatch: { maxWaitMs: 500, initialBackoffMs: 10 } }),
    );
    try {
      const resetAt = Math.ceil(Date.now() / 1000) + 2;
      github.answerNext({
        status: 403,
        headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(resetAt) },
        body: { message: 'API rate limit exceeded' },
      });
      const id = deliveryId();
      const first = await postDelivery(limited, stageChange, { headers: { 'x-workspan-delivery-id': id } });
      expect(first.status).toBe(503);
      expect(Number(first.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const other = await postDelivery(limited, stageChange, {
        headers: { 'x-workspan-delivery-id': deliveryId() },
      });
      expect(other.status).toBe(503);
      expect(github.requests).toBe(1);
      // WorkSpan delivers again once the pause is over.
      let redelivery: Response;
      do {
        await new Promise((resolve) => setTimeout(resolve, 250));
        redelivery = await postDelivery(limited, stageChange, { headers: { 'x-workspan-delivery-id': id } });
      } while (redelivery.status === 503);
      expect(redelivery.status).toBe(200);
      expect(github.dispatches).toHaveLength(1);
    } finally {
      await limited.close();
    }
  });

  it('answers 5xx when GitHub keeps failing, so WorkSpan redelivers, and dispatches the redelivery once', async () => {
    github.answerNext({ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
    const id = deliveryId();
    const failed = await postDelivery(relay, stageChange, { headers: { 'x-workspan-delivery-id': id } });
    expect(failed.status).toBe(502);
    expect(github.dispatches).toHaveLength(0);
    const redelivered = await postDelivery(relay, stageChange, { headers: { 'x-workspan-delivery-id': id } });
    expect(redelivered.status).toBe(200);
    expect(github.dispatches).toHaveLength(1);
  });

  it('does not retry a refusal that a retry cannot fix', async () => {
    github.answerNext({ status: 404, body: { message: 'Not Found' } });
    const response = await postDelivery(relay, stageChange, {
      headers: { 'x-workspan-delivery-id': deliveryId() },
    });
    expect(response.status).toBe(502);
    expect(github.requests).toBe(1);
  });

  it('trims the largest payload fields to stay within GitHub’s 65,535 characters, and says which', async () => {
    const payload = { object_id: 'WS-1', stage: 'won', notes: 'n'.repeat(70_000), summary: 's'.repeat(1000) };
    const response = await postDelivery(relay, payload, {
      headers: { 'x-workspan-delivery-id': deliveryId() },
    });
    expect(response.status).toBe(200);
    const [dispatch] = github.dispatches;
    expect(dispatch?.payloadCharacters).toBeLessThanOrEqual(65_535);
    expect(dispatch?.clientPayload.trimmed).toEqual(['notes']);
    expect(dispatch?.clientPayload.payload).toEqual({
      object_id: 'WS-1',
      stage: 'won',
      summary: 's'.repeat(1000),
    });
  });

  it('answers health checks and nothing else outside /hooks', async () => {
    expect((await fetch(`${relay.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${relay.url}/other`)).status).toBe(404);
    expect((await fetch(`${relay.url}/hooks/deals/${routeToken}`)).status).toBe(405);
  });
});
