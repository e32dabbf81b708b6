import { createCallbackToken } from '@workspan-kit/core/node';
import { waitFor } from '@workspan-kit/test-kit';
import { expect } from 'vitest';
import type { FaultSandbox, Json, TestClient } from './harness.js';
import type { Receiver } from './receiver.js';

/** Fast redelivery, and a delivery timeout short enough for a hanging receiver. */
export const fastDelivery = { retryDelaysMs: [50, 100, 200], timeoutMs: 300 };

export interface Subscription {
  subscriberId: string;
  callbackToken: string;
}

/** Subscribes the receiver to `task.assigned` through the client, with a fresh callback token. */
export async function subscribeReceiver(user: TestClient, receiver: Receiver): Promise<Subscription> {
  const callbackToken = createCallbackToken();
  const { subscriber_id: subscriberId } = await user.client.call('Subscribe', {
    event: 'task.assigned',
    name: `receiver on ${receiver.port}`,
    callbackUrl: receiver.callbackUrl(callbackToken),
  });
  return { subscriberId, callbackToken };
}

/** Raises `count` collaboration events (through the admin API); answers the task names. */
export async function raiseEvents(sandbox: FaultSandbox, count: number, label: string): Promise<string[]> {
  const tasks: string[] = [];
  for (let index = 0; index < count; index++) {
    const task = `${label}-${index}`;
    await sandbox.admin('/events', { body: { event: 'task.assigned', data: { task_id: task } } });
    tasks.push(task);
  }
  return tasks;
}

export interface DeliveryRecord {
  delivery_id: string;
  status: string;
  attempts: number;
  last_error: string | null;
  last_status_code: number | null;
  payload: Json;
  attempt_log: { attempt: number; status_code: number | null; error: string | null }[];
}

export async function deliveriesOf(sandbox: FaultSandbox, subscriberId: string): Promise<DeliveryRecord[]> {
  const { deliveries } = await sandbox.admin(`/deliveries?subscriber_id=${encodeURIComponent(subscriberId)}`);
  return deliveries as DeliveryRecord[];
}

/** Waits until the outbox holds `count` deliveries for the subscriber, each satisfying `ready`. */
export function deliveriesWhen(
  sandbox: FaultSandbox,
  subscriberId: string,
  count: number,
  what: string,
  ready: (delivery: DeliveryRecord) => boolean,
): Promise<DeliveryRecord[]> {
  return waitFor(
    what,
    async () => {
      const deliveries = await deliveriesOf(sandbox, subscriberId);
      return deliveries.length === count && deliveries.every(ready) ? deliveries : undefined;
    },
    { timeoutMs: 20_000 },
  );
}

/**
 * What every delivery must look like once the receiver is back: each event accepted at least once,
 * every attempt of a delivery with the same delivery id header, the same body and rising attempt numbers,
 * the accepted one later than a failed one, and the outbox agreeing.
 */
export function expectRedelivered(
  receiver: Receiver,
  subscription: Subscription,
  tasks: readonly string[],
  delivered: readonly DeliveryRecord[],
): void {
  expect(delivered.map((delivery) => delivery.payload.task_id).sort()).toEqual([...tasks].sort());
  for (const record of delivered) {
    const seen = receiver.received.filter((delivery) => delivery.deliveryIdHeader === record.delivery_id);
    for (const delivery of seen) {
      expect(delivery.subscriberIdHeader).toBe(subscription.subscriberId);
      expect(delivery.payload).toEqual(record.payload);
      expect(delivery.url).toContain(subscription.callbackToken);
    }
    const attempts = seen.map((delivery) => delivery.attemptHeader);
    expect(attempts).toEqual([...attempts].sort((a, b) => a - b));
    expect(new Set(attempts).size).toBe(attempts.length);
    const accepted = seen.filter((delivery) => delivery.answered === 'ok');
    expect(accepted.length).toBeGreaterThanOrEqual(1);
    expect(accepted[0]?.attemptHeader).toBeGreaterThan(1);
    expect(record.status).toBe('delivered');
    expect(record.last_status_code).toBe(200);
    expect(record.attempts).toBe(accepted[0]?.attemptHeader);
  }
}
