import { parseRelayConfig, type RunningRelay, startRelay } from '@workspan-kit/dispatch-relay';
import { createOpportunity, GitHubStandIn, seededIntegrations } from '@workspan-kit/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAsRunner, uniqueName } from './test-support/run-as-runner.js';
import { type SandboxSteps, startSandboxSteps } from './test-support/sandbox-step.js';

const routeToken = 'route-secret-end-to-end-0123456789abcdef';

/**
 * The whole trigger path: the action subscribes a relay route → a stage change in the sandbox →
 * WorkSpan's delivery (redelivered after a failed dispatch) → the relay → the stand-in GitHub →
 * that dispatch, as the triggered workflow's event file, comes out of the action as outputs.
 */
describe('a WorkSpan trigger as a workflow event', () => {
  let steps: SandboxSteps;
  let github: GitHubStandIn;
  let relay: RunningRelay;

  beforeAll(async () => {
    steps = await startSandboxSteps();
    github = await new GitHubStandIn().start();
    relay = await startRelay(
      parseRelayConfig({
        github: { apiUrl: github.url, token: github.token },
        routes: { deals: { token: routeToken, repository: 'acme/deals' } },
        dispatch: { maxAttempts: 2, initialBackoffMs: 10, maxWaitMs: 500 },
      }),
    );
  });
  afterAll(async () => {
    await relay?.close();
    await github?.close();
    await steps?.close();
  });

  it('subscribes, dispatches each stage change once, and reads it back in the triggered workflow', async () => {
    const subscribed = await steps.step({
      operation: 'SubscribeObjectEvent',
      'integration-id': seededIntegrations.crmOpportunity,
      events: 'object.stage_change',
      'event-filter': '(stage = "won")',
      name: uniqueName('deals-won'),
      'relay-url': relay.url,
      'relay-route': 'deals',
      'relay-token': routeToken,
    });
    expect(subscribed.errors).toEqual([]);
    const subscriberId = subscribed.outputs['subscriber-id'] ?? '';
    expect(subscriberId).not.toBe('');

    // GitHub fails the first delivery's dispatch: the relay answers 5xx and WorkSpan delivers again.
    github.answerNext({ status: 502 }, { status: 502 });
    const objectId = await createOpportunity(steps.sandbox, {
      name: uniqueName('Contoso'),
      stage: 'proposal',
    });
    await steps.admin(`/objects/${objectId}/stage`, { stage: 'won' });

    const [dispatch] = await github.waitForDispatches(1);
    expect(github.requests).toBeGreaterThanOrEqual(3);
    expect(dispatch?.repository).toBe('acme/deals');
    expect(dispatch?.eventType).toBe('workspan.object.stage_change');

    const read = await runAsRunner({
      inputs: { operation: 'ReadDispatchedEvent' },
      event: {
        name: 'repository_dispatch',
        payload: {
          action: dispatch?.eventType,
          client_payload: dispatch?.clientPayload,
          repository: { full_name: 'acme/deals' },
        },
      },
    });
    expect(read.errors).toEqual([]);
    expect(read.outputs).toMatchObject({ event: 'object.stage_change', route: 'deals' });
    // The sandbox posts the event payload itself, as WorkSpan does: its fields become outputs.
    const payload = JSON.parse(read.outputs.payload ?? '{}') as Record<string, unknown>;
    expect(payload).not.toHaveProperty('delivery_id');
    expect(read.outputs.stage).toBe('won');
    expect(JSON.stringify(payload)).toContain(objectId);

    // Redeliveries and the dedupe left exactly one dispatch.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(github.dispatches).toHaveLength(1);

    const deleted = await steps.step({ operation: 'DeleteSubscriber', 'subscriber-id': subscriberId });
    expect(deleted.exitCode).toBe(0);
    const left = (await steps.admin('/subscribers')).subscribers as { subscriber_id: string }[];
    expect(left.map((entry) => entry.subscriber_id)).not.toContain(subscriberId);
  });

  it('puts out each payload field under its own name, except names the envelope outputs take', async () => {
    const read = await readDispatched({ object_id: 'WS-1', stage: 'won', event: 'shadowed', amount: 5 }, [
      'notes',
    ]);
    expect(read.exitCode).toBe(0);
    expect(read.outputs).toMatchObject({
      event: 'object.stage_change',
      'delivery-id': 'sha256:abc',
      object_id: 'WS-1',
      stage: 'won',
      amount: '5',
      trimmed: '["notes"]',
    });
    expect(read.stdout).toMatch(/::warning::Payload field "event"/);
    expect(read.stdout).toMatch(/::warning::The relay left out notes/);
  });

  it('puts out a payload field only under a safe output name, never over the envelope outputs', async () => {
    const result = await readDispatched({
      'event=forged.event\ninjected': 'x',
      'x<<EOF\nroute=forged\nEOF\ny': 'x',
      Route: 'forged',
      'has space': 1,
      stage: 'won',
      object_id: 'WS-1',
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.event).toBe('object.stage_change');
    expect(result.outputs.route).toBe('deals');
    expect(result.outputs).not.toHaveProperty('injected');
    expect(result.outputs).not.toHaveProperty('Route');
    expect(Object.keys(result.outputs).sort()).toEqual(
      ['delivery-id', 'event', 'object_id', 'payload', 'received-at', 'route', 'stage', 'trimmed'].sort(),
    );
    expect(JSON.parse(result.outputs.payload ?? '{}')).toHaveProperty(['has space'], 1);
    expect(result.stdout).toMatch(/::warning::Payload field "has space" is in the payload output only/);
  });

  it('logs event text on one line, so that it cannot start a workflow command', async () => {
    const read = await readDispatched({}, ['notes\n::error::forged'], {
      event: 'object.stage_change\n::error::forged\r\n::add-mask::deals',
      delivery_id: 'id\n::warning::forged',
    });
    expect(read.exitCode).toBe(0);
    expect(read.errors).toEqual([]);
    expect(read.masks).toEqual([]);
    expect(read.stdout).not.toMatch(/^::(error|warning|add-mask)::forged/m);
    expect(read.outputs.event).toBe('object.stage_change\n::error::forged\r\n::add-mask::deals');
  });

  it('refuses an event file that is not a relay dispatch, naming what is wrong', async () => {
    const read = await runAsRunner({
      inputs: { operation: 'ReadDispatchedEvent' },
      event: {
        name: 'repository_dispatch',
        payload: { action: 'workspan.x', client_payload: { event: 'x' } },
      },
    });
    expect(read.exitCode).toBe(1);
    expect(read.errors[0]).toMatch(/client_payload\.route/);
  });
});

/** Runs ReadDispatchedEvent on a relay envelope carrying `payload` (and other envelope values, if given). */
function readDispatched(
  payload: Record<string, unknown>,
  trimmed: string[] = [],
  envelope: Record<string, string> = {},
) {
  return runAsRunner({
    inputs: { operation: 'ReadDispatchedEvent' },
    event: {
      name: 'repository_dispatch',
      payload: {
        action: 'workspan.object.stage_change',
        client_payload: {
          event: 'object.stage_change',
          route: 'deals',
          delivery_id: 'sha256:abc',
          received_at: '2026-12-01T09:00:00.000Z',
          payload,
          trimmed,
          ...envelope,
        },
      },
    },
  });
}
