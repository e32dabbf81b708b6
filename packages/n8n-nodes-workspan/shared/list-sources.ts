import { catalogue, type ListSource, listSources, type OperationId, readPages } from '@workspan-kit/core';
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { createClient } from './client';
import { toNodeError } from './node-errors';
import { loadOptionsMethods } from './operation-form';
import { credentialType } from './transport';

type Item = Record<string, unknown>;

/** Fills one "from list" field through the credential, reading the list where core says it is. */
async function listOptions(
  context: ILoadOptionsFunctions,
  source: ListSource,
): Promise<INodePropertyOptions[]> {
  const definition = listSources[source];
  const operation = catalogue[definition.operation];
  try {
    const client = createClient(context, await context.getCredentials(credentialType));
    const call = (input: Record<string, unknown>) => client.call(operation.id as OperationId, input as never);
    const items: Item[] = [];
    if (operation.behaviours.paging) {
      for await (const item of readPages(operation, {}, call)) items.push(item as Item);
    } else {
      const answer = (await call({})) as Item;
      items.push(...((answer[definition.collection] as Item[] | undefined) ?? []));
    }
    return items.map((item) => {
      const value = item[definition.valuePath] as string | number;
      const title = item[definition.titlePath];
      const description = definition.descriptionPath ? item[definition.descriptionPath] : undefined;
      return {
        name: typeof title === 'string' && title !== '' ? title : String(value),
        value,
        ...(typeof description === 'string' && description !== '' ? { description } : {}),
      };
    });
  } catch (error) {
    throw toNodeError(context.getNode(), operation, error, 0);
  }
}

/** n8n's `loadOptions` methods, one per list source the catalogue names. */
export const listSearch = Object.fromEntries(
  (Object.keys(loadOptionsMethods) as ListSource[]).map((source) => [
    loadOptionsMethods[source],
    async function (this: ILoadOptionsFunctions) {
      return await listOptions(this, source);
    },
  ]),
) as Record<string, (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>>;
