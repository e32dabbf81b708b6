import type { OperationOutput } from '../catalogue/index.js';
import type { CallOptions, WorkSpanClient } from '../client/client.js';
import { WorkSpanApiError } from '../errors.js';

export type SubscriberInfo = OperationOutput<'ReadSubscriber'>;

/** Reads a subscription; undefined when WorkSpan no longer has it (404). */
export async function readSubscription(
  client: WorkSpanClient,
  subscriberId: string,
  options: CallOptions = {},
): Promise<SubscriberInfo | undefined> {
  try {
    return await client.call('ReadSubscriber', { subscriberId }, options);
  } catch (error) {
    if (error instanceof WorkSpanApiError && error.status === 404) return undefined;
    throw error;
  }
}

/** Deletes a subscription; true if it was deleted, false if it was already gone. */
export async function deleteSubscription(
  client: WorkSpanClient,
  subscriberId: string,
  options: CallOptions = {},
): Promise<boolean> {
  try {
    await client.call('DeleteSubscriber', { subscriberId }, options);
    return true;
  } catch (error) {
    if (error instanceof WorkSpanApiError && error.status === 404) return false;
    throw error;
  }
}

/**
 * The API has no call that lists subscriptions, so hosts keep the ids they created. This reads
 * those ids back and returns the ones that still exist under `name`: a host reconciles with it
 * (reuse one, delete the rest) instead of leaking a subscription on every restart.
 */
export async function findSubscriptionsByName(
  client: WorkSpanClient,
  name: string,
  knownIds: Iterable<string>,
  options: CallOptions = {},
): Promise<SubscriberInfo[]> {
  const found: SubscriberInfo[] = [];
  for (const subscriberId of new Set(knownIds)) {
    const info = await readSubscription(client, subscriberId, options);
    if (info && info.name === name)
      found.push({ ...info, subscriber_id: info.subscriber_id ?? subscriberId });
  }
  return found;
}
