import { type RunningSandbox, startSandbox } from '@workspan-kit/sandbox';
import { sandboxAdmin } from '@workspan-kit/test-kit';

export { startSandbox };

/** The subscriptions the sandbox holds. */
export async function subscriberIds(sandbox: RunningSandbox): Promise<string[]> {
  const { subscribers } = await sandboxAdmin<{ subscribers: { subscriber_id: string }[] }>(
    sandbox,
    '/subscribers',
  );
  return subscribers.map((subscriber) => subscriber.subscriber_id);
}
