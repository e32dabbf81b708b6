import { describe, expect, test } from 'vitest';
import { findPage, sliceSize } from './paging.js';

/** Items 1…count read `limit` at a time after a position, as the database hands them out. */
const source = (count: number, reads: string[]) => (after: number, limit: number) => {
  reads.push(`read after ${after}`);
  const objects = Array.from(
    { length: Math.max(0, Math.min(limit, count - after)) },
    (_, i) => after + i + 1,
  );
  return { objects, lastSeq: objects.at(-1) ?? after };
};

describe('findPage', () => {
  test('other work runs between slices: a long scan does not hold the event loop', async () => {
    const events: string[] = [];
    const scan = findPage(source(3 * sliceSize, events), () => false, { number: 0, size: 10 });
    setImmediate(() => events.push('other request'));
    const page = await scan;
    expect(page).toEqual({ results: [], endOfList: true });
    const reads = events.filter((event) => event.startsWith('read'));
    expect(reads.slice(0, 3)).toEqual([
      'read after 0',
      `read after ${sliceSize}`,
      `read after ${2 * sliceSize}`,
    ]);
    // Synchronous scanning would run the other request only after the last read.
    expect(events.indexOf('other request')).toBeLessThan(events.lastIndexOf(reads.at(-1) as string));
  });

  test('pages through the matches and stops reading once the page and one more are found', async () => {
    const reads: string[] = [];
    const even = (n: number) => n % 2 === 0;
    const page = await findPage(source(10 * sliceSize, reads), even, { number: 1, size: 3 });
    expect(page).toEqual({ results: [8, 10, 12], endOfList: false });
    expect(reads).toEqual(['read after 0']);
    const last = await findPage(source(7, []), even, { number: 1, size: 2 });
    expect(last).toEqual({ results: [6], endOfList: true });
    const exact = await findPage(source(8, []), even, { number: 1, size: 2 });
    expect(exact).toEqual({ results: [6, 8], endOfList: true });
  });
});
