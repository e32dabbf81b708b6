import { describe, expect, it } from 'vitest';
import { useSandboxWithClient } from './test-support/harness.js';
import { Receiver } from './test-support/receiver.js';
import {
  deliveriesWhen,
  expectRedelivered,
  fastDelivery,
  raiseEvents,
  type Subscription,
  subscribeReceiver,
} from './test-support/webhooks.js';

// Webhook deliveries to a receiver that fails for a while: answers 500, never answers within the
// sandbox's delivery timeout, or is down (port closed) and comes back on the same port. Every event
// is delivered at least once after recovery, and every redelivery carries the same delivery id with
// a higher attempt.

const setup = useSandboxWithClient({ sandbox: { delivery: fastDelivery }, fetchTokenFirst: false });

/** Runs a scenario with a receiver and a subscription, removing both afterwards. */
async function withReceiver(
  mode: 'ok' | 'fail' | 'hang',
  scenario: (receiver: Receiver, subscription: Subscription) => Promise<void>,
): Promise<void> {
  const receiver = await Receiver.start(mode);
  const subscription = await subscribeReceiver(setup.user, receiver);
  try {
    await scenario(receiver, subscription);
  } finally {
    await setup.user.client.call('DeleteSubscriber', { subscriberId: subscription.subscriberId });
    await receiver.close();
  }
}

describe('webhook deliveries under receiver failures', () => {
  it('a receiver answering 500 for a while gets every event once it recovers', async () => {
    await withReceiver('fail', async (receiver, subscription) => {
      const tasks = await raiseEvents(setup.sandbox, 3, 'failing');
      await deliveriesWhen(
        setup.sandbox,
        subscription.subscriberId,
        3,
        'two refused attempts each',
        (d) => d.attempt_log.filter((attempt) => attempt.status_code === 500).length >= 2,
      );
      receiver.mode = 'ok';

      const delivered = await deliveriesWhen(
        setup.sandbox,
        subscription.subscriberId,
        3,
        'all delivered',
        (d) => d.status === 'delivered',
      );

      expectRedelivered(receiver, subscription, tasks, delivered);
      for (const record of delivered) {
        const codes = record.attempt_log.map((attempt) => attempt.status_code);
        expect(codes.at(-1)).toBe(200);
        // On a loaded machine an attempt may also run out of time before the 500 arrives.
        const refused = record.attempt_log.slice(0, -1);
        expect(
          refused.every((attempt) => attempt.status_code === 500 || /timeout/.test(attempt.error ?? '')),
        ).toBe(true);
      }
    });
  });

  it('a receiver that does not answer within the delivery timeout gets every event once it recovers', async () => {
    await withReceiver('hang', async (receiver, subscription) => {
      const tasks = await raiseEvents(setup.sandbox, 3, 'hanging');
      await deliveriesWhen(
        setup.sandbox,
        subscription.subscriberId,
        3,
        'two timed-out attempts each',
        (d) => d.attempt_log.filter((attempt) => /timeout/.test(attempt.error ?? '')).length >= 2,
      );
      receiver.mode = 'ok';

      const delivered = await deliveriesWhen(
        setup.sandbox,
        subscription.subscriberId,
        3,
        'all delivered',
        (d) => d.status === 'delivered',
      );

      expectRedelivered(receiver, subscription, tasks, delivered);
      for (const record of delivered) {
        const timedOut = record.attempt_log.filter((attempt) => attempt.status_code === null);
        expect(timedOut.length).toBeGreaterThanOrEqual(2);
        expect(timedOut.every((attempt) => /timeout/.test(attempt.error ?? ''))).toBe(true);
      }
    });
  });

  it('a receiver that is down and comes back on the same port gets every event', async () => {
    await withReceiver('ok', async (receiver, subscription) => {
      const port = receiver.port;
      await receiver.down();
      const tasks = await raiseEvents(setup.sandbox, 3, 'down');
      const failed = await deliveriesWhen(
        setup.sandbox,
        subscription.subscriberId,
        3,
        'two refused connections each',
        (d) =>
          d.attempt_log.filter((attempt) => attempt.status_code === null && attempt.error !== null).length >=
          2,
      );
      expect(receiver.received).toHaveLength(0);
      await receiver.up();
      expect(receiver.port).toBe(port);

      const delivered = await deliveriesWhen(
        setup.sandbox,
        subscription.subscriberId,
        3,
        'all delivered',
        (d) => d.status === 'delivered',
      );

      expectRedelivered(receiver, subscription, tasks, delivered);
      // The ids the outbox held while the receiver was down are the ones that arrived.
      expect(delivered.map((d) => d.delivery_id).sort()).toEqual(failed.map((d) => d.delivery_id).sort());
      for (const record of delivered) {
        const first = receiver.received.find((d) => d.deliveryIdHeader === record.delivery_id);
        expect(first?.attemptHeader).toBeGreaterThanOrEqual(3);
        expect(record.attempt_log.slice(0, 2).every((attempt) => attempt.error === 'ECONNREFUSED')).toBe(
          true,
        );
      }
    });
  });
});
