import { type AnyOperation, listSources } from '../catalogue/index.js';
import { at } from '../run/read-pages.js';

/**
 * Where an answer keeps the list it is about, when a host should give one item per entry: the
 * results of a paged read (read page by page already) or the array a list source takes its choices
 * from (List Integrations' `integrations`). Undefined for answers that are one thing.
 */
export function answerListPath(operation: AnyOperation): string | undefined {
  if (operation.behaviours.paging) return operation.behaviours.paging.resultsPath;
  return Object.values(listSources).find((source) => source.operation === operation.id)?.collection;
}

/** The entries of an answer that wraps the list it is about, else undefined (the answer is one thing). */
export function answerList(operation: AnyOperation, answer: unknown): unknown[] | undefined {
  const path = answerListPath(operation);
  const list = path === undefined ? undefined : at(answer, path);
  return Array.isArray(list) ? list : undefined;
}
