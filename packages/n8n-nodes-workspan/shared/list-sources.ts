import { catalogue, type ListSource, listSources, readListChoices } from '@workspan-kit/core';
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { createClient } from './client';
import { listSearchMethods } from './form-names';
import { toNodeError } from './node-errors';
import { credentialType } from './transport';

/** Choices per page of a paged list (reports): what the picker shows before it asks for more. */
export const listSearchPageSize = 100;

/**
 * One page of a "From List" picker through the credential, from the list core reads where the
 * catalogue says: searched by core, paged where the list is (n8n asks again with the token when
 * the user scrolls on).
 */
async function searchList(
  context: ILoadOptionsFunctions,
  source: ListSource,
  filter: string | undefined,
  paginationToken: string | undefined,
): Promise<INodeListSearchResult> {
  try {
    const client = createClient(context, await context.getCredentials(credentialType));
    const page = paginationToken === undefined ? 0 : Number(paginationToken);
    const found = await readListChoices(client, source, {
      ...(filter ? { filter } : {}),
      page: Number.isInteger(page) && page >= 0 ? page : 0,
      pageSize: listSearchPageSize,
    });
    return {
      results: found.choices,
      ...(found.nextPage === undefined ? {} : { paginationToken: String(found.nextPage) }),
    };
  } catch (error) {
    throw toNodeError(context.getNode(), catalogue[listSources[source].operation], error, 0);
  }
}

/** n8n's `listSearch` methods, one per list source the catalogue names. */
export const listSearch = Object.fromEntries(
  (Object.keys(listSearchMethods) as ListSource[]).map((source) => [
    listSearchMethods[source],
    async function (this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
      return await searchList(this, source, filter, paginationToken);
    },
  ]),
) as Record<
  string,
  (this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) => Promise<INodeListSearchResult>
>;
