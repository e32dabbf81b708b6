import { iterateReportList } from '@workspan-kit/core';
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { createClient } from './client';
import { toNodeError } from './node-errors';
import { credentialType } from './transport';

async function clientFor(context: ILoadOptionsFunctions) {
  return createClient(context, await context.getCredentials(credentialType));
}

async function listed(context: ILoadOptionsFunctions, read: () => Promise<INodePropertyOptions[]>) {
  try {
    return await read();
  } catch (error) {
    throw toNodeError(context.getNode(), undefined, error, 0);
  }
}

/** The "from list" sources the catalogue names, filled through the credential. */
export const listSearch = {
  async getIntegrations(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
    return await listed(this, async () => {
      const { integrations } = await (await clientFor(this)).call('GetIntegrationList', {});
      return integrations.map((integration) => ({
        name: integration.name ?? integration.integration_id,
        value: integration.integration_id,
        description: [integration.integration_type, integration.description].filter(Boolean).join(' — '),
      }));
    });
  },
  async getEvents(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
    return await listed(this, async () => {
      const { events } = await (await clientFor(this)).call('GetEventList', {});
      return events.map((event) => ({
        name: event.name,
        value: event.name,
        description: event.description ?? '',
      }));
    });
  },
  async getReports(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
    return await listed(this, async () => {
      const options: INodePropertyOptions[] = [];
      for await (const report of iterateReportList(await clientFor(this)))
        options.push({ name: report.name, value: report.id, description: report.description ?? '' });
      return options;
    });
  },
};
