import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import {
  createCallbackToken,
  WorkSpanApiError,
  WorkSpanAuthenticationError,
  WorkSpanConnectionError,
  WorkSpanOutcomeUnknownError,
  WorkSpanValidationError,
} from '@workspan-kit/core/node';
import type { FaultSpec, SandboxCredentials } from '@workspan-kit/sandbox';
import { waitFor } from '@workspan-kit/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCases, newCreateContext } from './test-support/creates.js';
import {
  eventsOf,
  type FaultSandbox,
  makeClient,
  openSandbox,
  pause,
  rejectionOf,
  renderError,
  type TestClient,
} from './test-support/harness.js';
import { Receiver } from './test-support/receiver.js';
import { deliveriesWhen, fastDelivery, raiseEvents } from './test-support/webhooks.js';

// No secret anywhere: a run through every fault kind, then every onEvent line, every error (as
// String, util.inspect and JSON), every sandbox log line, the admin API's answers and the client
// object itself are searched for the application user secret, every access token issued and the
// webhook callback token.

let sandbox: FaultSandbox;
let credentials: SandboxCredentials;
const wrongSecret = `wrong-${randomBytes(18).toString('base64url')}`;
const callbackToken = createCallbackToken();
const clients: TestClient[] = [];
const errors: unknown[] = [];
let receiver: Receiver;
let subscriberId = '';

function client(options: Parameters<typeof makeClient>[1] = {}): TestClient {
  const made = makeClient(sandbox, { credentials, ...options });
  clients.push(made);
  return made;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  const error = await rejectionOf(promise);
  errors.push(error);
  return error;
}

/** Every secret of the run: the application user secrets, the tokens issued, the callback token. */
function secrets(): string[] {
  const tokens = new Set<string>();
  for (const made of clients) {
    for (const token of made.tokens) tokens.add(token);
    for (const header of made.authorizations) tokens.add(header.replace(/^Bearer\s+/i, ''));
  }
  return [credentials.clientSecret, wrongSecret, callbackToken, ...tokens];
}

function expectNoSecretIn(channel: string, texts: readonly string[]): void {
  const leaks: string[] = [];
  for (const secret of secrets()) {
    for (const text of texts) {
      if (text.includes(secret))
        leaks.push(`${channel} shows a secret (${secret.slice(0, 4)}…): ${text.slice(0, 300)}`);
    }
  }
  expect(leaks).toEqual([]);
}

beforeAll(async () => {
  sandbox = await openSandbox({ persistent: true, delivery: fastDelivery });
  // An application user of our own, with a secret nothing else could print by accident.
  credentials = {
    clientId: 'leak-check-user',
    clientSecret: `secret-${randomBytes(24).toString('base64url')}`,
    hostname: sandbox.credentials.hostname,
  };
  await sandbox.admin('/seed', {
    body: {
      tenants: [
        {
          hostname: credentials.hostname,
          app_users: [{ client_id: credentials.clientId, client_secret: credentials.clientSecret }],
        },
      ],
    },
  });
  receiver = await Receiver.start('fail');
});
afterAll(async () => {
  for (const made of clients) await made.close();
  await receiver?.close();
  await sandbox?.close();
});

describe('a run through every fault kind', () => {
  it('produces the errors, events and logs to search', async () => {
    const user = client({ timeoutMs: 300, retry: { maxAttempts: 3 } });
    const subscription = await user.client.call('Subscribe', {
      event: 'task.assigned',
      name: 'leak check',
      callbackUrl: receiver.callbackUrl(callbackToken),
    });
    subscriberId = subscription.subscriber_id;
    const context = await newCreateContext(sandbox, receiver.callbackUrl(callbackToken));

    // Webhook deliveries refused, then timed out, then accepted.
    const tasks = await raiseEvents(sandbox, 2, 'leak');
    await deliveriesWhen(sandbox, subscriberId, 2, 'a refused attempt each', (d) =>
      d.attempt_log.some((attempt) => attempt.status_code === 500),
    );
    receiver.mode = 'hang';
    await deliveriesWhen(sandbox, subscriberId, 2, 'a timed-out attempt each', (d) =>
      d.attempt_log.some((attempt) => /timeout/.test(attempt.error ?? '')),
    );
    receiver.mode = 'ok';
    await deliveriesWhen(sandbox, subscriberId, tasks.length, 'delivered', (d) => d.status === 'delivered');

    // A restart: calls in the window are refused and retried. It comes before any call times out:
    // a client that timed out holds a spare connection that keeps the sandbox from closing (see
    // sandbox-restart.test.ts).
    const patient = client({ retry: { maxAttempts: 60, baseDelayMs: 50, maxDelayMs: 200 } });
    await patient.client.call('GetEventList', {});
    await sandbox.stop();
    const read = patient.client.call('GetEventList', {});
    await waitFor('a refused connection', () =>
      eventsOf(patient.events, 'retry').some((retry) => retry.reason === 'ECONNREFUSED') ? true : undefined,
    );
    await sandbox.start();
    await read;

    // 429 beyond the client's patience, and a 503 that does not clear.
    const impatient = client({ retry: { maxRetryAfterMs: 500, maxAttempts: 1 } });
    await sandbox.setFaults({ burst429: { count: 1, retryAfterSeconds: 60 } });
    expect(await failure(impatient.client.call('GetEventList', {}))).toBeInstanceOf(WorkSpanApiError);
    // The pause holds the client's later calls: they fail unsent.
    expect(await failure(createCases.Subscribe.run(impatient.client, context))).toMatchObject({
      code: 'throttled',
    });
    const unavailable = client({ retry: { maxAttempts: 1 } });
    await sandbox.setFaults({ errorRates: { '503': 1 }, operations: ['Subscribe'] });
    expect(await failure(createCases.Subscribe.run(unavailable.client, context))).toBeInstanceOf(
      WorkSpanApiError,
    );

    // Gateway errors, dropped connections and late answers on creates that carry the callback URL.
    const createFaults: FaultSpec[] = [
      { errorRates: { '502': 1 } },
      { errorRates: { '504': 1 } },
      { dropBeforeBody: 3 },
      { dropAfterBody: 3 },
      { latencyMs: 1000 },
    ];
    for (const spec of createFaults) {
      await sandbox.setFaults({ ...spec, operations: ['Subscribe', 'SubscribeObjectEvent', 'ObjectAudit'] });
      for (const create of [
        createCases.Subscribe,
        createCases.SubscribeObjectEvent,
        createCases.ObjectAudit,
      ]) {
        expect(await failure(create.run(user.client, context))).toBeInstanceOf(WorkSpanOutcomeUnknownError);
      }
    }
    await sandbox.setFaults({ latencyMs: 1000, operations: ['GetEventList'] });
    expect(await failure(user.client.call('GetEventList', {}))).toBeInstanceOf(WorkSpanConnectionError);
    await sandbox.clearFaults();

    // A server-side refusal of a subscription whose callback URL carries the token.
    expect(
      await failure(
        user.client.call('Subscribe', {
          event: 'no.such_event',
          name: 'refused',
          callbackUrl: receiver.callbackUrl(callbackToken),
        }),
      ),
    ).toBeInstanceOf(WorkSpanApiError);
    // A callback URL the client refuses before sending.
    expect(
      await failure(
        user.client.call('Subscribe', {
          event: 'task.assigned',
          name: 'invalid',
          callbackUrl: `ftp://127.0.0.1/hook?token=${callbackToken}`,
        }),
      ),
    ).toBeInstanceOf(WorkSpanValidationError);

    // Wrong application user secret.
    const wrong = client({ credentials: { ...credentials, clientSecret: wrongSecret } });
    expect(await failure(wrong.client.call('GetEventList', {}))).toBeInstanceOf(WorkSpanAuthenticationError);

    // Tokens living one second, refetched mid-run.
    await sandbox.setFaults({ tokenLifetimeSeconds: 1, operations: ['Token'] });
    const shortLived = client();
    await waitFor(
      'three tokens issued',
      async () => {
        await shortLived.client.call('GetEventList', {});
        await pause(100);
        return shortLived.tokens.length >= 3 ? true : undefined;
      },
      { timeoutMs: 15_000 },
    );
    await sandbox.clearFaults();

    // The search below is not vacuous.
    expect(errors.length).toBeGreaterThanOrEqual(20);
    expect(shortLived.tokens.length).toBeGreaterThanOrEqual(3);
    expect(receiver.accepted.length).toBeGreaterThanOrEqual(2);
    expect(receiver.received.every((delivery) => delivery.url.includes(callbackToken))).toBe(true);
    expect(sandbox.logs.some((line) => line.startsWith('warn delivery'))).toBe(true);
    expect(sandbox.logs.some((line) => line.includes('dropAfterBody'))).toBe(true);
  });
});

describe('no secret anywhere', () => {
  it('not in any onEvent line', () => {
    const lines = clients.flatMap((made) => made.eventLines);
    expect(lines.length).toBeGreaterThan(50);
    expectNoSecretIn('onEvent', lines);
  });

  it('not in any error: message, String, util.inspect, JSON, causes', () => {
    expect(errors.length).toBeGreaterThan(0);
    expectNoSecretIn(
      'an error',
      errors.flatMap((error) => renderError(error)),
    );
  });

  it('not in anything the sandbox logged', () => {
    expect(sandbox.logs.length).toBeGreaterThan(20);
    expectNoSecretIn('the sandbox log', sandbox.logs);
  });

  it('not in the admin API answers about subscribers, deliveries and health', async () => {
    const answers = await Promise.all([
      sandbox.admin('/subscribers'),
      sandbox.admin(`/deliveries?subscriber_id=${encodeURIComponent(subscriberId)}`),
      sandbox.admin('/health'),
    ]);
    expectNoSecretIn(
      'the admin API',
      answers.map((answer) => JSON.stringify(answer)),
    );
  });

  it('not in the client object itself', () => {
    expectNoSecretIn(
      'the client',
      clients.flatMap(({ client: made }) => [
        String(made),
        JSON.stringify(made),
        inspect(made, { depth: 10, showHidden: true }),
        JSON.stringify(made.connection),
      ]),
    );
  });
});
