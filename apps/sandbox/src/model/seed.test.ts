import { seededIntegrations } from '@workspan-kit/test-kit';
import { describe, expect, test } from 'vitest';
import { SandboxDatabase } from '../storage/database.js';
import { defaultIntegrations, stages } from './integrations.js';
import { applySeed, defaultSeed, generateObjects, type SeedFile } from './seed.js';

describe('seed', () => {
  test('generated data is deterministic for a given seed', () => {
    const a = generateObjects({ opportunities: 20, accounts: 5, seed: 42 });
    const b = generateObjects({ opportunities: 20, accounts: 5, seed: 42 });
    expect(a).toEqual(b);
    expect(generateObjects({ opportunities: 20, accounts: 5, seed: 43 })).not.toEqual(a);
  });

  test('the default seed: two tenants with 300 opportunities and 60 accounts each', () => {
    const seed = defaultSeed();
    expect(
      seed.tenants.map((t) => [t.hostname, t.app_users[0]?.client_id, t.app_users[0]?.client_secret]),
    ).toEqual([
      ['demo.workspan.com', 'sandbox-app-user', 'sandbox-secret'],
      ['acme.workspan.com', 'acme-app-user', 'acme-secret'],
    ]);
    const objects = generateObjects(seed.tenants[0]?.generate ?? {});
    const opportunities = objects.filter((o) => o.object_type === 'opportunity');
    const accounts = objects.filter((o) => o.object_type === 'account');
    expect(opportunities).toHaveLength(300);
    expect(accounts).toHaveLength(60);
    expect(new Set(accounts.map((a) => a.fields.name)).size).toBe(60);
    for (const o of opportunities) {
      expect(o.object_id).toMatch(/^WS-Project_[A-Za-z0-9]{20}$/);
      expect(stages).toContain(o.fields.stage);
      expect(o.fields['sales_details.partner']).toMatch(/^P[1-5]$/);
      expect(o.fields['sales_details.crm_opportunity_id']).toMatch(/^006[A-Z0-9]{15}$/);
      expect(o.fields.close_date).toMatch(/^202[56]-\d{2}-\d{2}$/);
      expect(String(o.fields.name)).toContain(' — ');
    }
    for (const a of accounts) expect(a.object_id).toMatch(/^WS-Account_/);
    expect(defaultSeed({ objects: false }).tenants.every((t) => t.generate === undefined)).toBe(true);
  });

  test('objects without an id get fresh random ids: the same seed applied twice adds new objects', () => {
    const db = new SandboxDatabase();
    try {
      const seed: SeedFile = {
        tenants: [
          {
            hostname: 'demo.workspan.com',
            app_users: [{ client_id: 'u', client_secret: 's' }],
            objects: [
              { object_type: 'account', fields: { name: 'A' } },
              { object_type: 'account', fields: { name: 'B' } },
            ],
          },
        ],
      };
      applySeed(db, seed);
      applySeed(db, seed);
      const accounts = db.listObjects('demo.workspan.com', { objectType: 'account' });
      expect(accounts).toHaveLength(4);
      expect(new Set(accounts.map((a) => a.object_id)).size).toBe(4);
      for (const a of accounts) expect(a.object_id).toMatch(/^WS-Account_[A-Za-z0-9]{20}$/);
    } finally {
      db.close();
    }
  });

  test('every seeded integration id the test kit names is one the seed holds', () => {
    const seeded = defaultIntegrations().map((integration) => integration.integration_id);
    expect(seeded).toEqual(expect.arrayContaining(Object.values(seededIntegrations)));
  });
});
