import { describe, expect, it } from 'vitest';
import { WorkSpanValidationError } from '../errors.js';
import {
  buildCallbackUrl,
  callbackUrlWithoutToken,
  createCallbackToken,
  desiredSubscription,
  isOwnSubscription,
  type ListedSubscription,
  readSubscriberList,
  reconcileSubscriptions,
  subscribeTrigger,
  subscriptionMatches,
  type TriggerCaller,
} from './trigger-lifecycle.js';

const callbackUrl = 'https://hooks.example/workspan?token=t0123456789abcdef0123';

/** A caller answering from a table of subscriptions, recording every call (a unit-test stand-in). */
function fakeCaller(subscriptions: Record<string, Record<string, unknown>>) {
  const calls: [string, unknown][] = [];
  const notFound = () => Object.assign(new Error('HTTP 404'), { status: 404 });
  const caller = {
    async call(id: string, input: Record<string, unknown>) {
      calls.push([id, input]);
      const subscriberId = String(input.subscriberId);
      if (id === 'ReadSubscriber') {
        const found = subscriptions[subscriberId];
        if (!found) throw notFound();
        return found;
      }
      if (id === 'DeleteSubscriber') {
        if (!subscriptions[subscriberId]) throw notFound();
        delete subscriptions[subscriberId];
        return { subscriber_id: subscriberId, deleted: true };
      }
      return { subscriber_id: 'WS-Subscriber_new' };
    },
  } as unknown as TriggerCaller;
  return { caller, calls };
}

describe('callback tokens and URLs', () => {
  it('makes 43-character URL-safe tokens from Web Crypto or a given source', () => {
    const token = createCallbackToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(createCallbackToken()).not.toBe(token);
    const given = new Uint8Array(32).map((_, index) => (index * 37 + 11) % 256);
    const fill = (bytes: Uint8Array) => {
      bytes.set(given);
      return bytes;
    };
    expect(createCallbackToken(fill)).toBe(Buffer.from(given).toString('base64url'));
  });

  it('puts the token in the query, replacing an old one, and takes it out for display', () => {
    const url = buildCallbackUrl('https://hooks.example/workspan?x=1&token=old', 'new/token+');
    expect(url).toBe('https://hooks.example/workspan?x=1&token=new%2Ftoken%2B');
    expect(callbackUrlWithoutToken(url)).toBe('https://hooks.example/workspan?x=1');
  });
});

describe('desiredSubscription', () => {
  it('reads the wire values through the catalogue, defaults and constants included', () => {
    expect(
      desiredSubscription('SubscribeObjectEvent', { integrationId: 'I1', name: 'n8n' }, callbackUrl),
    ).toEqual({
      operationId: 'SubscribeObjectEvent',
      name: 'n8n',
      events: ['object.all'],
      objectIds: [],
      filters: '',
      integrationId: 'I1',
      callbackUrl,
    });
    expect(
      desiredSubscription('Subscribe', { event: 'task.assigned', name: 'n' }, callbackUrl).events,
    ).toEqual(['task.assigned']);
    expect(
      desiredSubscription('SubmitToPartnerCenterObjectEvent', { integrationId: 'P', name: 'n' }, callbackUrl)
        .events,
    ).toEqual(['object.partner_center_referral_submit']);
  });

  it('validates the input, naming the field', () => {
    expect(() => desiredSubscription('Subscribe', { name: 'n' }, callbackUrl)).toThrow(
      WorkSpanValidationError,
    );
  });
});

describe('subscriptionMatches', () => {
  const desired = desiredSubscription(
    'SubscribeObjectEvent',
    {
      integrationId: 'I1',
      name: 'n8n',
      events: ['object.update', 'object.create'],
      filters: ' stage = "won" ',
    },
    callbackUrl,
  );
  const answer = {
    subscriber_id: 'S1',
    name: 'n8n',
    objectids: [],
    event: ['object.create', 'object.update'],
    filters: 'stage = "won"',
    integraion_id: 'I1',
    subscriber_type: 'webhook',
  };

  it('matches the API as it echoes a subscription, with the callback URL the host stored', () => {
    expect(subscriptionMatches(answer, desired, { callbackUrl })).toBe(true);
    const { integraion_id: _integration, objectids: _ids, ...rest } = answer;
    expect(
      subscriptionMatches({ ...rest, integration_id: 'I1', object_ids: [] }, desired, { callbackUrl }),
    ).toBe(true);
    expect(
      subscriptionMatches({ ...answer, webhook_settings: { callback_url: callbackUrl } }, desired, {}),
    ).toBe(true);
    const single = desiredSubscription('Subscribe', { event: 'task.assigned', name: 'c' }, callbackUrl);
    expect(subscriptionMatches({ name: 'c', event: 'task.assigned' }, single, { callbackUrl })).toBe(true);
  });

  it('with only the token digest kept, compares the callback URL without its token', () => {
    const stored = callbackUrlWithoutToken(callbackUrl);
    const other = buildCallbackUrl(stored, 'another-token-of-enough-length');
    const unknown = desiredSubscription(
      'SubscribeObjectEvent',
      { ...desired, events: desired.events },
      other,
    );
    expect(subscriptionMatches(answer, unknown, { callbackUrl: stored, withoutToken: true })).toBe(true);
    expect(subscriptionMatches(answer, unknown, { callbackUrl: stored })).toBe(false);
    const moved = buildCallbackUrl('http://elsewhere.example/hook', 'another-token-of-enough-length');
    expect(
      subscriptionMatches(
        answer,
        { ...unknown, callbackUrl: moved },
        { callbackUrl: stored, withoutToken: true },
      ),
    ).toBe(false);
  });

  it('does not match when anything differs or the callback URL cannot be told', () => {
    expect(subscriptionMatches(undefined, desired, { callbackUrl })).toBe(false);
    expect(subscriptionMatches(answer, desired, {})).toBe(false);
    expect(subscriptionMatches(answer, desired, { callbackUrl: `${callbackUrl}x` })).toBe(false);
    expect(subscriptionMatches({ ...answer, event: ['object.update'] }, desired, { callbackUrl })).toBe(
      false,
    );
    expect(subscriptionMatches({ ...answer, filters: '' }, desired, { callbackUrl })).toBe(false);
    expect(subscriptionMatches({ ...answer, integraion_id: 'I2' }, desired, { callbackUrl })).toBe(false);
    expect(subscriptionMatches({ ...answer, objectids: ['WS-Project_1'] }, desired, { callbackUrl })).toBe(
      false,
    );
    expect(subscriptionMatches({ ...answer, name: 'other' }, desired, { callbackUrl })).toBe(false);
    expect(
      subscriptionMatches({ ...answer, webhook_settings: { callback_url: 'https://elsewhere/' } }, desired, {
        callbackUrl,
      }),
    ).toBe(false);
  });
});

describe('subscribeTrigger and reconcileSubscriptions', () => {
  it('subscribes through the trigger operation with the callback URL in its callback field', async () => {
    const { caller, calls } = fakeCaller({});
    expect(
      await subscribeTrigger(caller, 'Subscribe', { event: 'task.assigned', name: 'n' }, callbackUrl),
    ).toEqual({
      subscriberId: 'WS-Subscriber_new',
      callbackUrl,
    });
    expect(calls).toEqual([['Subscribe', { event: 'task.assigned', name: 'n', callbackUrl }]]);
  });

  it('keeps the one that matches, deletes the other left-overs of the name, tolerates gone ones', async () => {
    const desired = desiredSubscription('Subscribe', { event: 'task.assigned', name: 'host' }, callbackUrl);
    const echo = { name: 'host', event: ['task.assigned'], objectids: [], filters: '' };
    const subscriptions: Record<string, Record<string, unknown>> = {
      A: { ...echo, subscriber_id: 'A' },
      B: { ...echo, subscriber_id: 'B' },
      C: { ...echo, subscriber_id: 'C', name: 'someone else' },
    };
    const { caller } = fakeCaller(subscriptions);
    const result = await reconcileSubscriptions(caller, {
      name: 'host',
      known: [
        { subscriberId: 'A', callbackUrl: 'https://old.example/' },
        { subscriberId: 'B', callbackUrl },
        'C',
        'D',
        'B',
      ],
      desired,
    });
    expect(result.kept?.subscriberId).toBe('B');
    expect(result.deleted).toEqual(['A']);
    expect(result.gone).toEqual(['D']);
    expect(result.otherNames).toEqual(['C']);
    expect(Object.keys(subscriptions).sort()).toEqual(['B', 'C']);
  });

  it('without a wanted subscription deletes every one of the name', async () => {
    const subscriptions: Record<string, Record<string, unknown>> = { A: { name: 'h' }, B: { name: 'h' } };
    const result = await reconcileSubscriptions(fakeCaller(subscriptions).caller, {
      name: 'h',
      known: ['A', 'B'],
    });
    expect(result).toEqual({ kept: undefined, deleted: ['A', 'B'], gone: [], otherNames: [], listed: false });
  });
});

describe("the developer portal's list of subscribers", () => {
  const entry = { subscriber_id: 'WS-Subscriber_1', name: 'n' };

  it('is read from a bare list or one under subscribers, results, data or items', () => {
    expect(readSubscriberList([entry])).toEqual([entry]);
    for (const key of ['subscribers', 'results', 'data', 'items'])
      expect(readSubscriberList({ [key]: [entry, { name: 'no id' }] }), key).toEqual([entry]);
    expect(readSubscriberList({ subscribers: [] })).toEqual([]);
    expect(readSubscriberList({ subscriber_id: 'x' })).toBeUndefined();
    expect(readSubscriberList([{ id: 'x' }])).toBeUndefined();
    expect(readSubscriberList('not a list')).toBeUndefined();
  });

  it("finds this host's own by its callback URL without the token, else by name", () => {
    const own = { name: 'mine', callbackUrl };
    const elsewhere = 'https://hooks.example/other?token=t0123456789abcdef0123';
    const oldToken = buildCallbackUrl(callbackUrl, 'an-older-token');
    expect(isOwnSubscription({ name: 'renamed', webhook_settings: { callback_url: oldToken } }, own)).toBe(
      true,
    );
    expect(isOwnSubscription({ name: 'mine', callback_url: elsewhere }, own)).toBe(false);
    expect(isOwnSubscription({ name: 'mine' }, own)).toBe(true);
    expect(isOwnSubscription({ name: 'theirs' }, own)).toBe(false);
  });

  it('reconciles the listed left-overs and the stored ids together, each once', async () => {
    const subscriptions: Record<string, Record<string, unknown>> = {
      'WS-Subscriber_lost': { name: 'mine', webhook_settings: { callback_url: `${callbackUrl}x` } },
      'WS-Subscriber_stored': { name: 'mine' },
      'WS-Subscriber_theirs': { name: 'theirs', webhook_settings: { callback_url: 'https://else.example/' } },
    };
    const { caller, calls } = fakeCaller(subscriptions);
    const lister = async (): Promise<ListedSubscription[]> => [
      { subscriber_id: 'WS-Subscriber_lost', ...subscriptions['WS-Subscriber_lost'] },
      { subscriber_id: 'WS-Subscriber_theirs', ...subscriptions['WS-Subscriber_theirs'] },
    ];
    const result = await reconcileSubscriptions(caller, {
      name: 'mine',
      known: ['WS-Subscriber_stored', 'WS-Subscriber_lost'],
      callbackUrl: 'https://hooks.example/workspan?token=a-new-token',
      lister,
    });
    expect(result).toMatchObject({ listed: true, otherNames: [], gone: [] });
    expect(result.deleted.sort()).toEqual(['WS-Subscriber_lost', 'WS-Subscriber_stored']);
    expect(Object.keys(subscriptions)).toEqual(['WS-Subscriber_theirs']);
    // A listed subscription is not read again.
    expect(calls.filter(([id]) => id === 'ReadSubscriber')).toEqual([
      ['ReadSubscriber', { subscriberId: 'WS-Subscriber_stored' }],
    ]);
  });
});
