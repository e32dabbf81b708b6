import { randomUUID } from 'node:crypto';
import type { WorkSpanClient } from '@workspan-kit/core/node';
import { waitFor } from '@workspan-kit/test-kit';
import { expect } from 'vitest';
import type { FaultSandbox, Json } from './harness.js';

/** Every call whose catalogue entry says `creates: true`. */
export const createOperationIds = [
  'BulkloadData',
  'BulkloadDataFileAttachment',
  'BulkloadOpportunity',
  'BulkloadOpportunityFileAttachment',
  'Subscribe',
  'SubscribeObjectEvent',
  'SubmitToPartnerCenterObjectEvent',
  'ObjectAudit',
] as const;

export type CreateOperationId = (typeof createOperationIds)[number];

/** What one create call needs: a unique tag, a callback URL and an object to audit. */
export interface CreateContext {
  tag: string;
  callbackUrl: string;
  objectId: string;
}

/** Where the server keeps what a create call made. */
export type Store = 'execution' | 'subscription' | 'audit';

export interface CreateCase {
  id: CreateOperationId;
  store: Store;
  /** Sends the call; answers the id of what was created (execution, subscriber or the audit tag). */
  run(client: WorkSpanClient, context: CreateContext): Promise<string>;
}

const accountsCsv = (tag: string) => `account_id,name\nacc-${tag},Faults ${tag}\n`;
const opportunitiesCsv = (tag: string) => `opportunity_id,name,stage\nopp-${tag},Deal ${tag},proposal\n`;

export const createCases: Record<CreateOperationId, CreateCase> = {
  BulkloadData: {
    id: 'BulkloadData',
    store: 'execution',
    run: async (client, { tag }) =>
      (
        await client.call('BulkloadData', {
          integrationId: 'WS-Integration_crm_account',
          dataFormat: 'csv',
          data: accountsCsv(tag),
        })
      ).execution_id,
  },
  BulkloadDataFileAttachment: {
    id: 'BulkloadDataFileAttachment',
    store: 'execution',
    run: async (client, { tag }) =>
      (
        await client.call('BulkloadDataFileAttachment', {
          integrationId: 'WS-Integration_crm_account',
          dataFormat: 'csv',
          file: { name: `accounts-${tag}.csv`, content: accountsCsv(tag) },
        })
      ).execution_id,
  },
  BulkloadOpportunity: {
    id: 'BulkloadOpportunity',
    store: 'execution',
    run: async (client, { tag }) =>
      (
        await client.call('BulkloadOpportunity', {
          integrationId: 'WS-Integration_crm_opportunity',
          contentType: 'csv',
          data: opportunitiesCsv(tag),
        })
      ).execution_id,
  },
  BulkloadOpportunityFileAttachment: {
    id: 'BulkloadOpportunityFileAttachment',
    store: 'execution',
    run: async (client, { tag }) =>
      (
        await client.call('BulkloadOpportunityFileAttachment', {
          integrationId: 'WS-Integration_crm_opportunity',
          contentType: 'csv',
          file: {
            name: `opportunities-${tag}.csv`,
            content: new TextEncoder().encode(opportunitiesCsv(tag)),
          },
        })
      ).execution_id,
  },
  Subscribe: {
    id: 'Subscribe',
    store: 'subscription',
    run: async (client, { tag, callbackUrl }) =>
      (await client.call('Subscribe', { event: 'task.assigned', name: tag, callbackUrl })).subscriber_id,
  },
  SubscribeObjectEvent: {
    id: 'SubscribeObjectEvent',
    store: 'subscription',
    run: async (client, { tag, callbackUrl }) =>
      (
        await client.call('SubscribeObjectEvent', {
          integrationId: 'WS-Integration_crm_opportunity',
          events: ['object.delete'],
          name: tag,
          callbackUrl,
        })
      ).subscriber_id,
  },
  SubmitToPartnerCenterObjectEvent: {
    id: 'SubmitToPartnerCenterObjectEvent',
    store: 'subscription',
    run: async (client, { tag, callbackUrl }) =>
      (
        await client.call('SubmitToPartnerCenterObjectEvent', {
          integrationId: 'WS-Integration_partner_center',
          name: tag,
          callbackUrl,
        })
      ).subscriber_id,
  },
  ObjectAudit: {
    id: 'ObjectAudit',
    store: 'audit',
    run: async (client, { tag, objectId }) => {
      const answer = await client.call('ObjectAudit', { objectId, statusCode: 'LINKED', message: tag });
      if (answer.object_id !== objectId) throw new Error(`ObjectAudit answered for ${answer.object_id}`);
      return tag;
    },
  },
};

export const allCreateCases: CreateCase[] = createOperationIds.map((id) => createCases[id]);

/** A fresh context: a unique tag, and an opportunity (made through the admin API) to audit. */
export async function newCreateContext(sandbox: FaultSandbox, callbackUrl: string): Promise<CreateContext> {
  const tag = `faults-${randomUUID()}`;
  const object = await sandbox.admin('/objects', {
    body: { object_type: 'opportunity', fields: { name: `Audit target ${tag}`, stage: 'proposal' } },
  });
  return { tag, callbackUrl, objectId: object.object_id };
}

/**
 * What the server holds for this operation: execution ids of its bulk loads, subscriber ids of its
 * subscriptions, or the audit entries carrying the context's tag.
 */
export async function serverRecords(
  sandbox: FaultSandbox,
  create: CreateCase,
  context: CreateContext,
): Promise<string[]> {
  switch (create.store) {
    case 'execution': {
      const { executions } = await sandbox.admin('/executions');
      return (executions as Json[])
        .filter((execution) => execution.operation === create.id)
        .map((execution) => String(execution.execution_id));
    }
    case 'subscription': {
      const { subscribers } = await sandbox.admin('/subscribers');
      return (subscribers as Json[])
        .filter((subscriber) => subscriber.operation === create.id)
        .map((subscriber) => String(subscriber.subscriber_id));
    }
    case 'audit': {
      const object = await sandbox.admin(`/objects/${encodeURIComponent(context.objectId)}`);
      return (object.audit_log as Json[])
        .filter((entry) => entry.message === context.tag)
        .map((entry) => String(entry.message));
    }
  }
}

/** The records that appeared since `before`. */
export async function newRecords(
  sandbox: FaultSandbox,
  create: CreateCase,
  context: CreateContext,
  before: readonly string[],
): Promise<string[]> {
  const after = await serverRecords(sandbox, create, context);
  const known = new Set(before);
  return after.filter((id) => !known.has(id));
}

/** The server holds exactly one new record for the call (the one it answered with, when it answered). */
export async function expectExactlyOne(
  sandbox: FaultSandbox,
  create: CreateCase,
  context: CreateContext,
  before: readonly string[],
  answered?: string,
): Promise<void> {
  const fresh = await waitFor(`a new ${create.store} from ${create.id}`, async () => {
    const records = await newRecords(sandbox, create, context, before);
    return records.length > 0 ? records : undefined;
  });
  expect(fresh).toHaveLength(1);
  if (answered !== undefined) expect(fresh).toEqual([answered]);
}

/** The server holds nothing new for the call. */
export async function expectNone(
  sandbox: FaultSandbox,
  create: CreateCase,
  context: CreateContext,
  before: readonly string[],
): Promise<void> {
  expect(await newRecords(sandbox, create, context, before)).toEqual([]);
}

/** A callback URL nobody listens on (no event is ever raised for these subscriptions). */
export const unusedCallbackUrl = 'http://127.0.0.1:9/hook?token=never-delivered-callback-token';
