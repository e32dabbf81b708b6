import { describe, expect, it } from 'vitest';
import { createListDedupeStore, sha256Hex } from './delivery-dedupe.js';
import { deliveryAsItem, deliveryHeaders } from './delivery-protocol.js';
import { callbackTokenDigest, createDeliveryReceiver } from './receive-delivery.js';
import { buildCallbackUrl } from './trigger-lifecycle.js';

const token = 'a-long-random-callback-token-1234';
const url = buildCallbackUrl('http://127.0.0.1/hook', token);
const now = () => new Date('2026-01-02T03:04:05.000Z');
const payload = { object_id: 'WS-Project_1', event: 'object.stage_change', stage: 'won' };

describe('createDeliveryReceiver', () => {
  it("checks deliveries against the token's digest as against the token", async () => {
    const tokenDigest = await callbackTokenDigest(token);
    expect(tokenDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(tokenDigest).not.toContain(token);
    const receive = createDeliveryReceiver({ tokenDigest, now });
    const body = JSON.stringify(payload);
    expect(await receive({ url, headers: {}, body })).toMatchObject({ accepted: true, payload });
    const wrong = buildCallbackUrl('http://127.0.0.1/hook', `${token}x`);
    expect(await receive({ url: wrong, headers: {}, body })).toEqual({
      accepted: false,
      status: 401,
      reason: 'unauthorized',
    });
    expect(await receive({ url: 'http://127.0.0.1/hook', headers: {}, body })).toMatchObject({ status: 401 });
    expect(() => createDeliveryReceiver({ tokenDigest: 'sha256:short' })).toThrow(/64 hex digits/);
    expect(() => createDeliveryReceiver({ token, tokenDigest })).toThrow(/not both/);
    expect(() => createDeliveryReceiver({})).toThrow(/at least 16 characters/);
  });

  it('takes a bare payload once and recognises the same body again for the same object', async () => {
    const receive = createDeliveryReceiver({ token, now });
    const body = JSON.stringify(payload);
    const first = await receive({ url, headers: {}, body });
    expect(first).toEqual({
      accepted: true,
      payload,
      delivery: {
        event: 'object.stage_change',
        receivedAt: '2026-01-02T03:04:05.000Z',
        dedupeKey: 'object::WS-Project_1:object.stage_change',
        digest: `sha256:${await sha256Hex(new TextEncoder().encode(body))}`,
        duplicate: false,
      },
    });
    expect(await receive({ url, headers: {}, body })).toMatchObject({
      accepted: true,
      delivery: { duplicate: true },
    });
    const other = await receive({ url, headers: {}, body: JSON.stringify({ ...payload, stage: 'lost' }) });
    expect(other).toMatchObject({ accepted: true, delivery: { duplicate: false } });
  });

  it('uses the delivery headers when they are sent: a redelivery with the same id is a duplicate', async () => {
    const receive = createDeliveryReceiver({ token, now });
    const headers = {
      [deliveryHeaders.deliveryId]: 'd-1',
      [deliveryHeaders.event]: 'object.update',
      [deliveryHeaders.subscriberId]: 'WS-Subscriber_1',
      [deliveryHeaders.attempt]: '1',
    };
    const first = await receive({ url, headers, body: '{"a":"1"}' });
    expect(first).toMatchObject({
      accepted: true,
      delivery: {
        id: 'd-1',
        event: 'object.update',
        subscriberId: 'WS-Subscriber_1',
        attempt: 1,
        dedupeKey: 'id:d-1',
      },
    });
    const again = await receive({
      url,
      headers: { ...headers, [deliveryHeaders.attempt]: '2' },
      body: '{"a":"1"}',
    });
    expect(again).toMatchObject({ delivery: { attempt: 2, duplicate: true } });
  });

  it('keeps keys in a store the host persists, asynchronously', async () => {
    let saved: unknown[] = [];
    const store = createListDedupeStore(
      {
        read: async () => saved,
        write: async (keys) => {
          saved = keys;
        },
      },
      { limit: 2 },
    );
    const receive = createDeliveryReceiver({ token, store });
    // No object in these payloads: each is keyed on its body's digest.
    for (const value of ['1', '2', '3']) await receive({ url, headers: {}, body: `{"v":"${value}"}` });
    expect(saved).toHaveLength(2);
    expect((await receive({ url, headers: {}, body: '{"v":"3"}' })) as object).toMatchObject({
      delivery: { duplicate: true },
    });
    expect((await receive({ url, headers: {}, body: '{"v":"1"}' })) as object).toMatchObject({
      delivery: { duplicate: false },
    });
  });

  it('refuses without consulting the store, and a host item puts the payload at top level', async () => {
    const remembered: string[] = [];
    const receive = createDeliveryReceiver({
      token,
      store: {
        exchange: (key) => {
          remembered.push(key);
          return undefined;
        },
      },
    });
    expect(await receive({ url: '/hook?token=nope', headers: {}, body: '{}' })).toEqual({
      accepted: false,
      status: 401,
      reason: 'unauthorized',
    });
    expect(remembered).toEqual([]);
    const received = await receive({ url, headers: {}, body: JSON.stringify(payload) });
    if (!received.accepted) throw new Error('refused');
    expect(deliveryAsItem(received)).toEqual({ ...payload, _delivery: received.delivery });
  });

  it('runs a real repeat of an object event: won, proposal, won again all run; a redelivery runs once', async () => {
    const receive = createDeliveryReceiver({ token, now });
    const stage = (to: string, from: string) =>
      JSON.stringify({
        object_id: 'WS-Opportunity_1',
        object_type: 'opportunity',
        event: 'object.stage_change',
        stage: to,
        previous_stage: from,
        changed_fields: 'stage',
      });
    const won = stage('won', 'proposal');
    const verdicts = [];
    for (const body of [won, won, stage('proposal', 'won'), won])
      verdicts.push(await receive({ url, headers: {}, body }));
    expect(verdicts.map((verdict) => verdict.accepted && verdict.delivery.duplicate)).toEqual([
      false,
      true,
      false,
      false,
    ]);
  });

  it('runs the same body again once the redelivery window is over', async () => {
    let time = Date.parse('2026-01-02T00:00:00Z');
    const clock = () => new Date(time);
    const receive = createDeliveryReceiver({ token, now: clock, windowMs: 60_000 });
    const body = JSON.stringify({ task_id: 't-1', task_title: 'Review' });
    expect(await receive({ url, headers: {}, body })).toMatchObject({ delivery: { duplicate: false } });
    time += 59_000;
    expect(await receive({ url, headers: {}, body })).toMatchObject({ delivery: { duplicate: true } });
    time += 61_000;
    expect(await receive({ url, headers: {}, body })).toMatchObject({ delivery: { duplicate: false } });
  });

  it('says so when a delivery id comes again with another body, and runs it', async () => {
    const receive = createDeliveryReceiver({ token, now });
    const headers = { [deliveryHeaders.deliveryId]: 'd-7' };
    const first = '{"object_id":"WS-Project_1","stage":"won"}';
    const second = '{"object_id":"WS-Project_1","stage":"lost"}';
    await receive({ url, headers, body: first });
    const again = await receive({ url, headers, body: second });
    const digests = [first, second].map((body) => sha256Hex(new TextEncoder().encode(body)));
    expect(again).toMatchObject({ accepted: true, delivery: { duplicate: false } });
    const warning = (again as { warning?: string }).warning ?? '';
    expect(warning).toContain('d-7');
    for (const digest of await Promise.all(digests)) expect(warning).toContain(digest);
    expect(await receive({ url, headers, body: second })).toMatchObject({ delivery: { duplicate: true } });
  });

  it.each([
    ['text that is not JSON', 'not json'],
    ['JSON nested 100,000 levels', `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`],
    ['arrays nested 100,000 levels', `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`],
  ])('refuses %s with a 400 and runs nothing', async (_name, body) => {
    const receive = createDeliveryReceiver({ token, now });
    expect(await receive({ url, headers: { 'content-type': 'text/plain' }, body })).toMatchObject({
      accepted: false,
      status: 400,
    });
  });

  it('computes the SHA-256 of known input', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});
