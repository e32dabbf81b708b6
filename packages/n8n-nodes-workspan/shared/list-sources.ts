import { catalogue, type ListSource, listSources, readListChoices } from '@workspan-kit/core';
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { createClient } from './client';
import { loadOptionsMethods } from './form-names';
import { toNodeError } from './node-errors';
import { credentialType } from './transport';

/** Fills one "from list" field through the credential, from the list core reads where the catalogue says. */
async function listOptions(
  context: ILoadOptionsFunctions,
  source: ListSource,
): Promise<INodePropertyOptions[]> {
  try {
    const client = createClient(context, await context.getCredentials(credentialType));
    return (await readListChoices(client, source)).choices;
  } catch (error) {
    throw toNodeError(context.getNode(), catalogue[listSources[source].operation], error, 0);
  }
}

/** n8n's `loadOptions` methods, one per list source the catalogue names. */
export const loadOptions = Object.fromEntries(
  (Object.keys(loadOptionsMethods) as ListSource[]).map((source) => [
    loadOptionsMethods[source],
    async function (this: ILoadOptionsFunctions) {
      return await listOptions(this, source);
    },
  ]),
) as Record<string, (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>>;
