import { repositoryDispatchLimits } from '@workspan-kit/core/internal';
import { GitHubStandIn } from '@workspan-kit/test-kit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildDispatchEnvelope } from './dispatch-payload.js';
import { type RunningRelay, startRelay } from './relay-server.js';
import { postDelivery, testRelayConfig } from './test-support/relay-fixture.js';

/** A payload of `keys` fields, about `bytes` long in all. */
function widePayload(keys: number, bytes: number): Record<string, string> {
  const valueLength = Math.max(1, Math.floor(bytes / keys) - 12);
  return Object.fromEntries(
    Array.from({ length: keys }, (_, index) => [
      `f${index}`,
      String(index % 10).repeat(valueLength + (index % 7)),
    ]),
  );
}

const parts = (payload: Record<string, unknown>) => ({
  event: 'object.stage_change',
  route: 'deals',
  delivery_id: 'wide',
  received_at: '2026-12-01T09:30:00.000Z',
  payload,
});

describe('a delivery with very many fields', () => {
  it('is trimmed in one pass: the whole envelope is serialised at most twice, whatever the field count', () => {
    const payload = widePayload(5000, 400_000);
    const stringify = vi.spyOn(JSON, 'stringify');
    let envelope: ReturnType<typeof buildDispatchEnvelope>;
    let wholeEnvelopes: number;
    try {
      envelope = buildDispatchEnvelope(parts(payload));
      wholeEnvelopes = stringify.mock.calls.filter(
        ([value]) => typeof value === 'object' && value !== null && 'delivery_id' in value,
      ).length;
    } finally {
      stringify.mockRestore();
    }
    expect(wholeEnvelopes).toBeLessThanOrEqual(2);
    const characters = JSON.stringify(envelope).length;
    expect(characters).toBeLessThanOrEqual(repositoryDispatchLimits.payloadCharacters);
    // Nothing more than needed was left out: the smallest trimmed field would not have fitted.
    const smallest = envelope.trimmed.at(-1) as string;
    expect(characters + smallest.length + (payload[smallest] as string).length + 6).toBeGreaterThan(
      repositoryDispatchLimits.payloadCharacters,
    );
    expect(envelope.trimmed.length + Object.keys(envelope.payload).length).toBe(5000);
  });

  it('trims exactly as before: largest first, ties by name, and names them', () => {
    const envelope = buildDispatchEnvelope(
      parts({ object_id: 'WS-1', b: 'x'.repeat(40_000), a: 'x'.repeat(40_000), c: 'y'.repeat(10) }),
    );
    expect(envelope.trimmed).toEqual(['a']);
    expect(Object.keys(envelope.payload)).toEqual(['object_id', 'b', 'c']);
  });

  it('keeps a field named __proto__ as a field, trimmed or not, and touches no prototype', () => {
    const payload = JSON.parse(`{"__proto__":{"polluted":1},"object_id":"p","big":"${'x'.repeat(70_000)}"}`);
    const kept = buildDispatchEnvelope(parts(payload));
    expect(kept.trimmed).toEqual(['big']);
    expect(Object.hasOwn(kept.payload, '__proto__')).toBe(true);
    const trimmed = buildDispatchEnvelope(
      parts(JSON.parse(`{"__proto__":"${'x'.repeat(70_000)}","object_id":"p"}`)),
    );
    expect(trimmed.trimmed).toEqual(['__proto__']);
    expect(Object.hasOwn(trimmed.payload, '__proto__')).toBe(false);
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
  });

  describe('through the relay', () => {
    let github: GitHubStandIn;
    let relay: RunningRelay;
    beforeAll(async () => {
      github = await new GitHubStandIn().start();
      relay = await startRelay(testRelayConfig(github));
    });
    afterAll(async () => {
      await relay?.close();
      await github?.close();
    });

    it('refuses 20,000 fields (830 KB) with a 413 that WorkSpan does not redeliver, and calls GitHub never', async () => {
      const response = await postDelivery(relay, widePayload(20_000, 830_000), {
        headers: { 'x-workspan-delivery-id': 'wide-20000' },
      });
      expect(response.status).toBe(413);
      expect(await response.json()).toEqual({ error: 'the payload has more than 2000 fields' });
      expect(github.requests).toBe(0);
    });

    it('dispatches 2,000 fields (830 KB), trimmed to GitHub’s limit', async () => {
      const response = await postDelivery(relay, widePayload(2000, 830_000), {
        headers: { 'x-workspan-delivery-id': 'wide-2000' },
      });
      expect(response.status).toBe(200);
      const [dispatch] = github.dispatches;
      expect(dispatch?.payloadCharacters).toBeLessThanOrEqual(65_535);
      expect((dispatch?.clientPayload.trimmed as string[] | undefined)?.length).toBeGreaterThan(1800);
    });
  });
});
