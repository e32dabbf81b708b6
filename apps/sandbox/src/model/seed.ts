import { readFileSync } from 'node:fs';
import { defaultReports } from '../reports/definitions.js';
import { isPlainObject, normaliseHostname } from '../shared/util.js';
import { SandboxStartError } from '../startup/start-errors.js';
import type { SandboxDatabase } from '../storage/database.js';
import { defaultIntegrations, objectIdPrefix } from './integrations.js';
import { newObjectId } from './objects.js';
import type { Fields, Integration, ObjectType, Report, StoredObject } from './types.js';
import { objectTypes } from './types.js';

/** The seed format (`--seed FILE`, `POST /_sandbox/seed`). */
export interface SeedFile {
  tenants: SeedTenant[];
}

export interface SeedTenant {
  hostname: string;
  name?: string;
  app_users: Array<{ client_id: string; client_secret: string; name?: string }>;
  /** Defaults to the three standard integrations. */
  integrations?: Integration[];
  /** Defaults to the six standard reports. */
  reports?: Report[];
  /** Generated demo data (deterministic for a given `seed`). */
  generate?: { opportunities?: number; accounts?: number; seed?: number };
  objects?: Array<{ object_id?: string; object_type: ObjectType; integration_id?: string; fields: Fields }>;
}

/** The well-known tenants and application users of the default seed. */
export const defaultTenants = [
  {
    hostname: 'demo.workspan.com',
    name: 'Demo Partner Co',
    clientId: 'sandbox-app-user',
    clientSecret: 'sandbox-secret',
    seed: 20240601,
  },
  {
    hostname: 'acme.workspan.com',
    name: 'Acme Alliances',
    clientId: 'acme-app-user',
    clientSecret: 'acme-secret',
    seed: 20240602,
  },
] as const;

/** The default seed: both tenants with ~300 opportunities and ~60 accounts each (`objects: false` leaves data out). */
export function defaultSeed(options: { objects?: boolean } = {}): SeedFile {
  const withObjects = options.objects ?? true;
  return {
    tenants: defaultTenants.map((tenant) => ({
      hostname: tenant.hostname,
      name: tenant.name,
      app_users: [
        { client_id: tenant.clientId, client_secret: tenant.clientSecret, name: 'Sandbox application user' },
      ],
      ...(withObjects ? { generate: { opportunities: 300, accounts: 60, seed: tenant.seed } } : {}),
    })),
  };
}

/** mulberry32: a small deterministic PRNG. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const companyNames = [
  'Acme Corp',
  'Globex',
  'Initech',
  'Umbrella Health',
  'Stark Industries',
  'Wayne Enterprises',
  'Wonka Foods',
  'Tyrell Systems',
  'Cyberdyne',
  'Soylent',
  'Hooli',
  'Vandelay Imports',
  'Aperture Labs',
  'Oscorp',
  'Massive Dynamic',
  'Gringotts Bank',
  'Monarch Airlines',
  'Nakatomi Trading',
  'Virtucon',
  'Dunder Mifflin',
  'Pied Piper',
  'Bluth Company',
  'Sterling Cooper',
  'Prestige Worldwide',
  'Wernham Hogg',
  'Los Pollos Hermanos',
  'Cogswell Cogs',
  'Spacely Sprockets',
  'Krusty Krab',
  'Duff Brewing',
];
const companySuffixes = ['', ' Europe', ' APAC'];
const industries = [
  'Manufacturing',
  'Retail',
  'Financial Services',
  'Healthcare',
  'Public Sector',
  'Energy',
  'Media',
];
const countries = ['US', 'GB', 'DE', 'FR', 'IN', 'JP', 'AU', 'BR', 'CA', 'NL'];
const projects = [
  'Azure migration',
  'Dynamics 365 rollout',
  'Data platform modernization',
  'Security assessment',
  'Teams adoption',
  'SAP on Azure',
  'AI copilot pilot',
  'Hybrid cloud expansion',
  'Analytics with Fabric',
  'Contact center modernization',
  'Identity consolidation',
  'Edge IoT deployment',
];
const owners = ['Alex Kim', 'Priya Nair', "Sam O'Connor", 'Maria Garcia', 'Jonas Weber', 'Aiko Tanaka'];
const referralStatuses = ['new', 'accepted', 'active', 'won', 'lost'];
const stageWeights: Array<[string, number]> = [
  ['prospecting', 20],
  ['qualification', 18],
  ['proposal', 16],
  ['negotiation', 12],
  ['closed', 6],
  ['won', 18],
  ['lost', 10],
];

const alphanumeric = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const upperAlphanumeric = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function chooser(random: () => number) {
  const int = (max: number) => Math.floor(random() * max);
  const pickOne = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const token = (length: number, chars = alphanumeric) =>
    Array.from({ length }, () => chars[int(chars.length)]).join('');
  const weighted = (items: Array<[string, number]>): string => {
    const total = items.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = random() * total;
    for (const [value, weight] of items) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return items[0]?.[0] ?? '';
  };
  return { int, pickOne, token, weighted };
}

/** Deterministic demo objects: accounts first, then opportunities linked to them. */
export function generateObjects(counts: {
  opportunities?: number;
  accounts?: number;
  seed?: number;
}): StoredObject[] {
  const random = prng(counts.seed ?? 1);
  const { int, pickOne, token, weighted } = chooser(random);
  const accountCount = counts.accounts ?? 0;
  const opportunityCount = counts.opportunities ?? 0;
  const base = Date.UTC(2024, 5, 1);
  const objects: StoredObject[] = [];
  let minute = 0;
  const stamp = () => new Date(base + minute++ * 3_600_000).toISOString();

  const accounts: Array<{ name: string; crmId: string }> = [];
  for (let i = 0; i < accountCount; i++) {
    const company = companyNames[i % companyNames.length] ?? 'Company';
    const suffix = companySuffixes[Math.floor(i / companyNames.length) % companySuffixes.length] ?? '';
    const round = Math.floor(i / (companyNames.length * companySuffixes.length));
    const name = `${company}${suffix}${round > 0 ? ` ${round + 1}` : ''}`;
    const crmId = `001${token(15, upperAlphanumeric)}`;
    accounts.push({ name, crmId });
    const at = stamp();
    objects.push({
      object_id: `${objectIdPrefix.account}${token(20)}`,
      object_type: 'account',
      integration_id: 'WS-Integration_crm_account',
      fields: {
        name,
        'account_info.external_account_id': crmId,
        industry: pickOne(industries),
        country: pickOne(countries),
        website: `https://www.${name.toLowerCase().replace(/[^a-z0-9]+/g, '')}.example`,
        employees: (1 + int(200)) * 50,
      },
      created_at: at,
      updated_at: at,
    });
  }

  for (let i = 0; i < opportunityCount; i++) {
    const account = accounts.length > 0 ? pickOne(accounts) : { name: pickOne(companyNames), crmId: '' };
    const stage = weighted(stageWeights);
    const closeDate = new Date(Date.UTC(2025, 0, 1) + int(730) * 86_400_000).toISOString().slice(0, 10);
    const fields: Fields = {
      name: `${account.name} — ${pickOne(projects)}`,
      stage,
      amount: (1 + int(400)) * 2500,
      close_date: closeDate,
      'sales_details.partner': `P${1 + int(5)}`,
      'sales_details.crm_opportunity_id': `006${token(15, upperAlphanumeric)}`,
      account_name: account.name,
      owner: pickOne(owners),
    };
    if (account.crmId) fields['account_info.external_account_id'] = account.crmId;
    if (random() < 0.25) {
      fields['partner_center.referral_id'] = `pc-${token(8, 'abcdefghijklmnopqrstuvwxyz0123456789')}`;
      fields['partner_center.referral_status'] = pickOne(referralStatuses);
    }
    const at = stamp();
    objects.push({
      object_id: `${objectIdPrefix.opportunity}${token(20)}`,
      object_type: 'opportunity',
      integration_id: 'WS-Integration_crm_opportunity',
      fields,
      created_at: at,
      updated_at: at,
    });
  }
  return objects;
}

/** Checks the shape of a seed document; returns the problems. */
/** Generated objects per type and tenant: more would hold the sandbox for minutes. */
export const maxGeneratedObjects = 100_000;

export function checkSeed(value: unknown): string[] {
  if (!isPlainObject(value) || !Array.isArray(value.tenants)) return ['seed must be { "tenants": [ … ] }'];
  const problems: string[] = [];
  value.tenants.forEach((tenant: unknown, i: number) => {
    const at = `tenants[${i}]`;
    if (!isPlainObject(tenant)) {
      problems.push(`${at} must be an object`);
      return;
    }
    if (typeof tenant.hostname !== 'string' || tenant.hostname.trim() === '')
      problems.push(`${at}.hostname is required`);
    if (!Array.isArray(tenant.app_users)) problems.push(`${at}.app_users must be an array`);
    else {
      tenant.app_users.forEach((user: unknown, j: number) => {
        if (
          !isPlainObject(user) ||
          typeof user.client_id !== 'string' ||
          typeof user.client_secret !== 'string'
        ) {
          problems.push(`${at}.app_users[${j}] needs client_id and client_secret strings`);
        }
      });
    }
    if (tenant.objects !== undefined) {
      if (!Array.isArray(tenant.objects)) problems.push(`${at}.objects must be an array`);
      else {
        tenant.objects.forEach((object: unknown, j: number) => {
          if (
            !isPlainObject(object) ||
            !objectTypes.includes(object.object_type as ObjectType) ||
            !isPlainObject(object.fields)
          ) {
            problems.push(`${at}.objects[${j}] needs object_type (opportunity|account) and fields`);
          }
        });
      }
    }
    if (tenant.generate !== undefined) {
      if (!isPlainObject(tenant.generate)) problems.push(`${at}.generate must be an object`);
      else {
        for (const [name, limit] of [
          ['opportunities', maxGeneratedObjects],
          ['accounts', maxGeneratedObjects],
          ['seed', Number.MAX_SAFE_INTEGER],
        ] as const) {
          const count = tenant.generate[name];
          if (
            count !== undefined &&
            (!Number.isInteger(count) || (count as number) < 0 || (count as number) > limit)
          ) {
            problems.push(`${at}.generate.${name} must be a whole number from 0 to ${limit}`);
          }
        }
      }
    }
    if (tenant.integrations !== undefined && !Array.isArray(tenant.integrations)) {
      problems.push(`${at}.integrations must be an array`);
    }
    if (tenant.reports !== undefined && !Array.isArray(tenant.reports))
      problems.push(`${at}.reports must be an array`);
  });
  return problems;
}

export function readSeedFile(path: string): SeedFile {
  const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
  const problems = checkSeed(value);
  if (problems.length > 0) {
    throw new SandboxStartError(
      'seed',
      path,
      `is not a valid seed (${problems.join('; ')})`,
      "fix the file (the sandbox's README describes seed files)",
    );
  }
  return value as SeedFile;
}

/** Writes a seed into the database directly (no events are raised for seeded objects). */
export function applySeed(db: SandboxDatabase, seed: SeedFile): { tenants: number; objects: number } {
  let objectCount = 0;
  const createdAt = new Date().toISOString();
  db.transaction(() => {
    for (const tenant of seed.tenants) {
      const hostname = normaliseHostname(tenant.hostname);
      db.upsertTenant({ hostname, name: tenant.name ?? hostname, created_at: createdAt });
      for (const user of tenant.app_users) {
        db.upsertAppUser({
          tenant: hostname,
          client_id: user.client_id,
          client_secret: user.client_secret,
          name: user.name ?? user.client_id,
        });
      }
      for (const integration of tenant.integrations ?? defaultIntegrations())
        db.upsertIntegration(hostname, integration);
      for (const report of tenant.reports ?? defaultReports()) db.upsertReport(hostname, report);
      const objects = tenant.generate ? generateObjects(tenant.generate) : [];
      for (const object of tenant.objects ?? []) {
        objects.push({
          object_id: object.object_id ?? newObjectId(object.object_type),
          object_type: object.object_type,
          integration_id: object.integration_id ?? null,
          fields: object.fields,
          created_at: createdAt,
          updated_at: createdAt,
        });
      }
      for (const object of objects) db.insertObject(hostname, object);
      for (const type of objectTypes) db.bumpVersion(hostname, type);
      objectCount += objects.length;
    }
  });
  return { tenants: seed.tenants.length, objects: objectCount };
}
