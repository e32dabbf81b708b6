import { describe, expect, it } from 'vitest';
import { catalogue } from '../catalogue/index.js';
import { readPages } from './read-pages.js';

/** A list of `total` rows served `pageSize` at a time, recording each page asked for. */
function pagedList(total: number, options: { flagEnd?: boolean } = {}) {
  const asked: Record<string, unknown>[] = [];
  const read = async (input: Record<string, unknown>) => {
    asked.push(input);
    const number = input.pageNumber as number;
    const size = (input.pageSize as number | undefined) ?? 500;
    const results = Array.from(
      { length: Math.max(0, Math.min(size, total - number * size)) },
      (_, index) => ({
        row: number * size + index,
      }),
    );
    const endOfList = (number + 1) * size >= total;
    return options.flagEnd === false ? { results } : { results, endOfList };
  };
  return { asked, read };
}

async function all(iterable: AsyncIterable<unknown>) {
  const items: unknown[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('readPages', () => {
  it('reads every page of a paged operation (Return All)', async () => {
    const list = pagedList(23);
    const items = await all(readPages(catalogue.GetReportData, { reportId: 1 }, list.read, { pageSize: 10 }));
    expect(items).toHaveLength(23);
    expect(list.asked.map((input) => input.pageNumber)).toEqual([0, 1, 2]);
    expect(list.asked[0]).toEqual({ reportId: 1, pageNumber: 0, pageSize: 10 });
  });

  it('stops where the limit says, asking no more than it needs', async () => {
    const list = pagedList(100);
    const items = await all(readPages(catalogue.GetReportList, {}, list.read, { limit: 7, pageSize: 5 }));
    expect(items).toEqual([0, 1, 2, 3, 4, 5, 6].map((row) => ({ row })));
    expect(list.asked.map((input) => input.pageNumber)).toEqual([0, 1]);
  });

  it('ends on a short page when the server leaves the end-of-list flag out', async () => {
    const list = pagedList(12, { flagEnd: false });
    expect(await all(readPages(catalogue.GetReportList, {}, list.read, { pageSize: 5 }))).toHaveLength(12);
    expect(list.asked).toHaveLength(3);
  });

  it('refuses an operation that does not page', async () => {
    await expect(all(readPages(catalogue.GetExternalId, {}, async () => ({})))).rejects.toThrow(
      'does not read pages',
    );
  });
});
