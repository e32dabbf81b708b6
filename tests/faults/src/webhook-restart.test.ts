import { describe, expect, it } from 'vitest';
import { useSandboxWithClient } from './test-support/harness.js';
import { Receiver } from './test-support/receiver.js';
import {
  deliveriesOf,
  deliveriesWhen,
  expectRedelivered,
  fastDelivery,
  raiseEvents,
  subscribeReceiver,
} from './test-support/webhooks.js';

// With a database file, a delivery still pending when the sandbox stops is sent after it starts
// again, with the same delivery id and a higher attempt.

const setup = useSandboxWithClient({
  sandbox: { persistent: true, delivery: fastDelivery },
  fetchTokenFirst: false,
});

describe('pending deliveries across a sandbox restart', () => {
  it('a delivery pending at the restart is delivered after it', async () => {
    const receiver = await Receiver.start('ok');
    try {
      const subscription = await subscribeReceiver(setup.user, receiver);
      await receiver.down();
      const tasks = await raiseEvents(setup.sandbox, 2, 'restart');
      const pending = await deliveriesWhen(
        setup.sandbox,
        subscription.subscriberId,
        2,
        'a failed attempt each',
        (d) => d.status === 'pending' && d.attempt_log.some((attempt) => attempt.error !== null),
      );

      await setup.sandbox.stop();
      await receiver.up();
      await setup.sandbox.start();

      const delivered = await deliveriesWhen(
        setup.sandbox,
        subscription.subscriberId,
        2,
        'delivered after the restart',
        (d) => d.status === 'delivered',
      );
      expect(delivered.map((d) => d.delivery_id).sort()).toEqual(pending.map((d) => d.delivery_id).sort());
      expectRedelivered(receiver, subscription, tasks, delivered);
      for (const record of pending) {
        const arrived = receiver.accepted.find((d) => d.deliveryIdHeader === record.delivery_id);
        expect(arrived?.attemptHeader).toBeGreaterThan(record.attempts);
      }
      expect(
        (await deliveriesOf(setup.sandbox, subscription.subscriberId)).every((d) => d.status === 'delivered'),
      ).toBe(true);
    } finally {
      await receiver.close();
    }
  });
});
