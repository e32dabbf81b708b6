import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../test-support/test-sandbox.js';

describe('admin seed', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ seed: false });
  });
  afterAll(() => sandbox.close());

  const tenant = (generate: unknown) => ({
    tenants: [
      { hostname: 'big.workspan.com', app_users: [{ client_id: 'b', client_secret: 's' }], generate },
    ],
  });

  test('generated object counts are bounded, so one call cannot hold the sandbox for minutes', async () => {
    for (const [generate, field] of [
      [{ opportunities: 1_000_000_000 }, 'opportunities'],
      [{ accounts: -1 }, 'accounts'],
      [{ opportunities: 'lots' }, 'opportunities'],
      [{ accounts: 1.5 }, 'accounts'],
    ] as const) {
      const answer = await sandbox.admin('/seed', { body: tenant(generate) });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ code: 'invalid_seed' });
      expect(answer.body.message).toContain(
        `tenants[0].generate.${field} must be a whole number from 0 to 100000`,
      );
    }
    expect(
      (await sandbox.admin('/tenants')).body.tenants.map((t: { hostname: string }) => t.hostname),
    ).not.toContain('big.workspan.com');
    const fine = await sandbox.admin('/seed', { body: tenant({ opportunities: 3, accounts: 1 }) });
    expect(fine.status).toBe(200);
    expect(fine.body).toEqual({ tenants: 1, objects: 4 });
  });
});
