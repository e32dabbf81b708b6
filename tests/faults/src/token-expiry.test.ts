import { type Clock, nodeClock } from '@workspan-kit/core/node';
import { waitFor } from '@workspan-kit/test-kit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  allCreateCases,
  type CreateCase,
  expectExactlyOne,
  newCreateContext,
  serverRecords,
  unusedCallbackUrl,
} from './test-support/creates.js';
import {
  eventsOf,
  type FaultSandbox,
  makeClient,
  openSandbox,
  pause,
  plainRequest,
  type TestClient,
} from './test-support/harness.js';

// Tokens that expire mid-run: every call still succeeds, the token is fetched again, and a create
// sent with a token the server no longer accepts (401, not processed) is sent again exactly once.

let sandbox: FaultSandbox;

beforeAll(async () => {
  sandbox = await openSandbox();
});
afterEach(() => sandbox.clearFaults());
afterAll(() => sandbox?.close());

const shortTokens = { tokenLifetimeSeconds: 1, operations: ['Token'] };

/** The token part of each Authorization header, in order of use. */
const tokensUsed = (client: TestClient): string[] =>
  client.authorizations.map((header) => header.replace(/^Bearer\s+/i, ''));

describe('tokens living one second', () => {
  let user: TestClient;
  beforeAll(() => {
    user = makeClient(sandbox);
  });
  afterAll(() => user?.close());

  it('a run spanning several lifetimes: every call succeeds, tokens are fetched again', async () => {
    await sandbox.setFaults(shortTokens);
    const pending = [...allCreateCases];
    const deadline = Date.now() + 20_000;
    // Keep calling until every create has run and the run has outlived at least two tokens.
    while (pending.length > 0 || new Set(tokensUsed(user)).size < 3) {
      if (Date.now() > deadline) throw new Error('the run did not see three tokens in time');
      const answer = await user.client.call('GetEventList', {});
      expect(answer.events.length).toBeGreaterThan(0);
      const create = pending.shift();
      if (create) {
        const context = await newCreateContext(sandbox, unusedCallbackUrl);
        const before = await serverRecords(sandbox, create, context);
        const created = await create.run(user.client, context);
        await expectExactlyOne(sandbox, create, context, before, created);
      }
      await pause(100);
    }

    const distinct = new Set(tokensUsed(user));
    expect(distinct.size).toBeGreaterThanOrEqual(3);
    // Every token sent was one the server issued to this client.
    for (const token of distinct) expect(user.tokens).toContain(token);
    expect(eventsOf(user.events, 'token').filter((event) => event.action === 'fetch').length).toBe(
      user.tokens.length,
    );
  });
});

describe('a token the server has expired while the client still holds it', () => {
  // The client's clock stands still, so it keeps using its token after the server let it expire.
  let frozenAt: number | undefined;
  const clock: Clock = {
    now: () => frozenAt ?? Date.now(),
    sleep: (ms, signal) => nodeClock.sleep(ms, signal),
  };
  let user: TestClient;
  beforeAll(() => {
    user = makeClient(sandbox, { clock });
  });
  afterAll(() => user?.close());

  /** Gives the client a token, stops its clock, and waits until the server refuses that token. */
  async function holdExpiredToken(): Promise<void> {
    // Frozen first: whether the client reuses its token or fetches one, it keeps it from now on.
    frozenAt = Date.now();
    await user.client.call('GetEventList', {});
    const authorization = user.authorizations.at(-1) ?? '';
    await waitFor('the server to refuse the held token', async () => {
      const { status } = await plainRequest(`${sandbox.url}/event/v1/metadata/event`, {
        headers: { authorization, 'x-ws-env': sandbox.credentials.hostname },
      });
      return status === 401 ? true : undefined;
    });
  }

  it('a read is answered 401, the client reauthenticates and succeeds', async () => {
    await sandbox.setFaults(shortTokens);
    await holdExpiredToken();
    const reauthBefore = eventsOf(user.events, 'token').filter((e) => e.action === 'reauthenticate').length;
    const tokensBefore = user.tokens.length;

    const answer = await user.client.call('GetEventList', {});

    expect(answer.events.length).toBeGreaterThan(0);
    expect(eventsOf(user.events, 'token').filter((e) => e.action === 'reauthenticate').length).toBe(
      reauthBefore + 1,
    );
    expect(user.tokens.length).toBe(tokensBefore + 1);
  });

  it.each(allCreateCases)(
    '$id is refused with 401, sent again with a new token, executed exactly once',
    async (create: CreateCase) => {
      await sandbox.setFaults(shortTokens);
      const context = await newCreateContext(sandbox, unusedCallbackUrl);
      const before = await serverRecords(sandbox, create, context);
      await holdExpiredToken();
      const attemptsBefore = user.attempts(create.id);
      const tokensBefore = user.tokens.length;

      const created = await create.run(user.client, context);

      const responses = eventsOf(user.events, 'response').filter((e) => e.operationId === create.id);
      expect(responses.slice(-2).map((response) => response.status)).toEqual([401, 200]);
      expect(user.attempts(create.id) - attemptsBefore).toBe(2);
      expect(user.tokens.length).toBe(tokensBefore + 1);
      expect(tokensUsed(user).at(-1)).toBe(user.tokens.at(-1));
      await expectExactlyOne(sandbox, create, context, before, created);
    },
  );
});
