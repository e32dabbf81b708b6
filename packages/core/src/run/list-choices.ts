import { catalogue, type ListSource, listSources } from '../catalogue/index.js';
import type { WorkSpanClient } from '../client/client.js';
import { planRun } from './plan-run.js';
import { at } from './read-pages.js';
import { runOperation } from './run-operation.js';

/** One choice of a "choose from a list" field. */
export interface ListChoice {
  value: string | number;
  name: string;
  description?: string;
}

/**
 * A list source's items and the choices they make, read where the catalogue says (every page of
 * a paged list): what n8n's dropdowns, Node-RED's dialogs and the CLI's shortcuts show.
 */
export async function readListChoices(
  client: WorkSpanClient,
  source: ListSource,
  options: { signal?: AbortSignal } = {},
): Promise<{ items: Record<string, unknown>[]; choices: ListChoice[] }> {
  const definition = listSources[source];
  const operation = catalogue[definition.operation];
  const plan = planRun(operation, {}, operation.behaviours.paging ? { returnAll: true } : {});
  const outcome = await runOperation(client, plan, options.signal ? { signal: options.signal } : {});
  const found =
    outcome.kind === 'items'
      ? outcome.items
      : outcome.kind === 'answer'
        ? at(outcome.answer, definition.collection)
        : [];
  const items = (Array.isArray(found) ? found : []).filter(
    (item): item is Record<string, unknown> => typeof item === 'object' && item !== null,
  );
  const choices = items.flatMap((item): ListChoice[] => {
    const value = at(item, definition.valuePath);
    if (typeof value !== 'string' && typeof value !== 'number') return [];
    const title = at(item, definition.titlePath);
    const description = definition.descriptionPath ? at(item, definition.descriptionPath) : undefined;
    return [
      {
        value,
        name: typeof title === 'string' && title !== '' ? title : String(value),
        ...(typeof description === 'string' && description !== '' ? { description } : {}),
      },
    ];
  });
  return { items, choices };
}
