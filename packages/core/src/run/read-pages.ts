import type { AnyOperation } from '../catalogue/index.js';

/** Reads one page: the operation called with the page number and size filled in. */
export type PageReader = (input: Record<string, unknown>) => Promise<unknown>;

export interface ReadPagesOptions {
  /** Stop after this many items (default: all, "Return All"). */
  limit?: number;
  /** Items per page; default the operation's own default (no page size sent). */
  pageSize?: number;
  /** Called with each page as it is read: its number, the answer and the items it yields. */
  onPage?: (pageNumber: number, answer: unknown, items: readonly unknown[]) => void;
}

/** The value at a dotted path of an answer. */
export function at(value: unknown, path: string): unknown {
  let current = value;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/**
 * The items of a paged operation (its `behaviours.paging`), page after page, for hosts' "Return
 * All" and "Limit". A short or empty page ends the list too, in case a server leaves the
 * end-of-list flag out. Operations that do not page are refused.
 */
export async function* readPages(
  operation: AnyOperation,
  input: Record<string, unknown>,
  read: PageReader,
  options: ReadPagesOptions = {},
): AsyncGenerator<unknown> {
  const paging = operation.behaviours.paging;
  if (!paging) throw new Error(`${operation.id} does not read pages`);
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const requested = options.pageSize ?? (input[paging.pageSizeField] as number | undefined);
  const pageSize =
    requested === undefined
      ? undefined
      : Number.isFinite(limit)
        ? Math.min(requested, Math.max(1, limit))
        : requested;
  let delivered = 0;
  for (let pageNumber = 0; delivered < limit; pageNumber++) {
    const answer = await read({
      ...input,
      [paging.pageNumberField]: pageNumber,
      ...(pageSize === undefined ? {} : { [paging.pageSizeField]: pageSize }),
    });
    const results = at(answer, paging.resultsPath);
    const all = Array.isArray(results) ? results : [];
    const items = all.slice(0, Math.max(0, limit - delivered));
    options.onPage?.(pageNumber, answer, items);
    for (const item of items) {
      delivered++;
      yield item;
    }
    if (delivered >= limit) return;
    if (at(answer, paging.endOfListPath) === true || all.length === 0) return;
    if (pageSize !== undefined && all.length < pageSize) return;
  }
}
