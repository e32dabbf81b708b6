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

export interface ListChoicesOptions {
  signal?: AbortSignal;
  /** Keeps the choices whose name, value or description holds this text (any case). */
  filter?: string;
  /**
   * For a paged list: read from this page (0 first) only as far as the first page with a choice
   * that passes the filter, and say which page comes next. Without it every page is read. A list
   * that is not paged is always read whole.
   */
  page?: number;
  /** Items per page with `page`; default the operation's own. */
  pageSize?: number;
}

export interface ListChoices {
  items: Record<string, unknown>[];
  choices: ListChoice[];
  /** The page to read next, when `page` was given and the list goes on. */
  nextPage?: number;
}

const matches = (choice: ListChoice, filter: string | undefined) => {
  const wanted = filter?.trim().toLowerCase();
  if (!wanted) return true;
  return [choice.name, String(choice.value), choice.description ?? ''].some((text) =>
    text.toLowerCase().includes(wanted),
  );
};

/**
 * A list source's items and the choices they make, read where the catalogue says: what n8n's
 * pickers, Node-RED's dialogs and the CLI's shortcuts show. Items and choices are those that pass
 * the filter.
 */
export async function readListChoices(
  client: WorkSpanClient,
  source: ListSource,
  options: ListChoicesOptions = {},
): Promise<ListChoices> {
  const definition = listSources[source];
  const operation = catalogue[definition.operation];
  const paging = operation.behaviours.paging;
  const runOptions = options.signal ? { signal: options.signal } : {};
  const read = async (pageNumber: number | undefined) => {
    const plan =
      paging && pageNumber !== undefined
        ? planRun(operation, {
            [paging.pageNumberField]: pageNumber,
            ...(options.pageSize === undefined ? {} : { [paging.pageSizeField]: options.pageSize }),
          })
        : planRun(operation, {}, paging ? { returnAll: true } : {});
    const outcome = await runOperation(client, plan, runOptions);
    const found =
      outcome.kind === 'items'
        ? outcome.items
        : outcome.kind === 'answer'
          ? at(outcome.answer, definition.collection)
          : [];
    const list = Array.isArray(found) ? found : [];
    const size = paging ? (plan.input as Record<string, unknown>)[paging.pageSizeField] : undefined;
    // As when reading every page: the end-of-list flag, or a short or empty page, ends the list.
    const ended =
      !paging ||
      outcome.kind !== 'items' ||
      at(outcome.lastPage, paging.endOfListPath) === true ||
      list.length === 0 ||
      (typeof size === 'number' && list.length < size);
    return { ...choicesOf(source, list, options.filter), ended };
  };
  if (!paging || options.page === undefined) {
    const { items, choices } = await read(undefined);
    return { items, choices };
  }
  let pageNumber = options.page;
  for (;;) {
    const { items, choices, ended } = await read(pageNumber);
    pageNumber += 1;
    if (ended) return { items, choices };
    // A page the filter leaves empty is no answer while the list goes on.
    if (choices.length > 0) return { items, choices, nextPage: pageNumber };
  }
}

function choicesOf(source: ListSource, found: unknown[], filter: string | undefined) {
  const definition = listSources[source];
  const items: Record<string, unknown>[] = [];
  const choices: ListChoice[] = [];
  for (const item of found) {
    if (typeof item !== 'object' || item === null) continue;
    const record = item as Record<string, unknown>;
    const value = at(record, definition.valuePath);
    if (typeof value !== 'string' && typeof value !== 'number') {
      if (!filter?.trim()) items.push(record);
      continue;
    }
    const title = at(record, definition.titlePath);
    const description = definition.descriptionPath ? at(record, definition.descriptionPath) : undefined;
    const choice: ListChoice = {
      value,
      name: typeof title === 'string' && title !== '' ? title : String(value),
      ...(typeof description === 'string' && description !== '' ? { description } : {}),
    };
    if (!matches(choice, filter)) continue;
    items.push(record);
    choices.push(choice);
  }
  return { items, choices };
}
