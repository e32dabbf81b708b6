import { type RunningSandbox, startSandbox } from '@workspan-kit/sandbox';

export { startSandbox };

/** The sandbox's own admin API (`/_sandbox/...`) for the demo tenant: its state, and events to raise. */
export async function admin<Answer = Record<string, unknown>>(
  sandbox: RunningSandbox,
  path: string,
  body?: unknown,
): Promise<Answer> {
  const answer = await fetch(`${sandbox.url}/_sandbox${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'x-ws-env': sandbox.credentials.hostname, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!answer.ok) throw new Error(`${path}: HTTP ${answer.status} ${await answer.text()}`);
  return (await answer.json()) as Answer;
}

/** The subscriptions the sandbox holds. */
export async function subscriberIds(sandbox: RunningSandbox): Promise<string[]> {
  const { subscribers } = await admin<{ subscribers: { subscriber_id: string }[] }>(sandbox, '/subscribers');
  return subscribers.map((subscriber) => subscriber.subscriber_id);
}

/** The `WORKSPAN_*` variables of a connection to `url` (the sandbox, or a proxy in front of it). */
export function connectionVariables(sandbox: RunningSandbox, url = sandbox.url): Record<string, string> {
  return {
    WORKSPAN_ENVIRONMENT: url,
    WORKSPAN_CLIENT_ID: sandbox.credentials.clientId,
    WORKSPAN_CLIENT_SECRET: sandbox.credentials.clientSecret,
    WORKSPAN_HOSTNAME: sandbox.credentials.hostname,
  };
}

/** Polls until `check` holds (deliveries and deletions land a moment after the call that causes them). */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('the condition did not hold in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
