// The trigger's receiving with a fake n8n context: the token checked against the digest the
// workflow keeps, and against the token itself for a trigger an earlier version published.
import { buildCallbackUrl, createCallbackToken } from '@workspan-kit/core';
import { callbackTokenDigest } from '@workspan-kit/core/internal';
import type { IWebhookFunctions } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { keepOnlyDigest, type TriggerState } from '../../shared/trigger-state.ts';
import { WorkSpanTrigger } from './WorkSpanTrigger.node.ts';

const webhookUrl = 'http://127.0.0.1:5678/webhook/abc/webhook';

function delivery(state: Record<string, unknown>, url: string, body: Record<string, unknown>) {
  const answer: { status?: number; json?: unknown } = {};
  const response = {
    status(code: number) {
      answer.status = code;
      return response;
    },
    json(value: unknown) {
      answer.json = value;
      return response;
    },
  };
  const context = {
    getWorkflowStaticData: () => state,
    getResponseObject: () => response,
    getRequestObject: () => ({ url, originalUrl: url, rawBody: Buffer.from(JSON.stringify(body)) }),
    getHeaderData: () => ({}),
    getBodyData: () => body,
    getWorkflow: () => ({ id: 'w1' }),
    getNode: () => ({ id: 'n1', name: 'WorkSpan Trigger' }),
    logger: { info() {}, warn() {} },
    helpers: { returnJsonArray: (items: unknown[]) => items.map((json) => ({ json })) },
  } as unknown as IWebhookFunctions;
  return { answer, run: () => new WorkSpanTrigger().webhook.call(context) };
}

describe("the trigger's webhook", () => {
  it('accepts the token whose digest the workflow keeps, and refuses any other', async () => {
    const token = createCallbackToken();
    const state = { subscriberId: 's1', tokenDigest: await callbackTokenDigest(token) };
    const good = delivery(state, buildCallbackUrl(webhookUrl, token), { object_id: 'WS-1', stage: 'won' });
    const accepted = await good.run();
    expect(accepted.workflowData?.[0]?.[0]?.json).toMatchObject({ object_id: 'WS-1', stage: 'won' });
    expect(JSON.stringify(state)).not.toContain(token);

    const bad = delivery(state, buildCallbackUrl(webhookUrl, createCallbackToken()), { object_id: 'WS-2' });
    expect(await bad.run()).toEqual({ noWebhookResponse: true });
    expect(bad.answer).toEqual({ status: 401, json: { message: 'unauthorized' } });
  });

  it('still accepts deliveries for a trigger an earlier version published with the token kept', async () => {
    const token = createCallbackToken();
    const state = { subscriberId: 's1', token };
    const good = delivery(state, buildCallbackUrl(webhookUrl, token), { object_id: 'WS-3' });
    expect((await good.run()).workflowData).toHaveLength(1);
    const bad = delivery(state, buildCallbackUrl(webhookUrl, createCallbackToken()), { object_id: 'WS-4' });
    await bad.run();
    expect(bad.answer.status).toBe(401);
  });

  it("replaces an earlier version's token by its digest, and its callback URL by one without the token", async () => {
    const token = createCallbackToken();
    const state: TriggerState = {
      subscriberId: 's1',
      token,
      callbackUrl: buildCallbackUrl(webhookUrl, token),
    };
    await keepOnlyDigest(state);
    expect(state).toEqual({
      subscriberId: 's1',
      tokenDigest: await callbackTokenDigest(token),
      callbackUrl: webhookUrl,
    });
    const good = delivery(state, buildCallbackUrl(webhookUrl, token), { object_id: 'WS-6' });
    expect((await good.run()).workflowData).toHaveLength(1);
  });

  it('refuses every delivery when the trigger has no subscription', async () => {
    const none = delivery({}, buildCallbackUrl(webhookUrl, createCallbackToken()), { object_id: 'WS-5' });
    await none.run();
    expect(none.answer.status).toBe(401);
  });
});
