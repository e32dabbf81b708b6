import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { ApiError } from '../http/errors.js';
import { isPlainObject } from '../shared/util.js';

export interface Page {
  number: number;
  size: number;
}

export const defaultPage: Page = { number: 0, size: 500 };
export const maxPageSize = 10_000;

/** Reads `{ page: { number, size } }` (defaults 0 / 500; size 1…10000). */
export function readPage(value: unknown): Page {
  if (value === undefined || value === null) return { ...defaultPage };
  if (!isPlainObject(value))
    throw new ApiError(400, 'invalid_request', "body field 'page' must be an object { number, size }.");
  const number = value.number ?? defaultPage.number;
  const size = value.size ?? defaultPage.size;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 0) {
    throw new ApiError(400, 'invalid_request', "body field 'page.number' must be an integer >= 0.");
  }
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > maxPageSize) {
    throw new ApiError(
      400,
      'invalid_request',
      `body field 'page.size' must be an integer from 1 to ${maxPageSize}.`,
    );
  }
  return { number, size };
}

/** Items read and tested per slice before other requests get their turn. */
export const sliceSize = 250;

/**
 * One page of the items that pass `test`, and whether it is the last one. Items are read and tested
 * a slice at a time, yielding to the event loop between slices so one costly filter cannot hold up
 * other requests, and reading stops as soon as the page and one more match are found.
 */
export async function findPage<T>(
  readSlice: (after: number, limit: number) => { objects: T[]; lastSeq: number },
  test: (item: T) => boolean,
  page: Page,
): Promise<{ results: T[]; endOfList: boolean }> {
  const start = page.number * page.size;
  const results: T[] = [];
  let matched = 0;
  let after = 0;
  for (;;) {
    const slice = readSlice(after, sliceSize);
    for (const item of slice.objects) {
      if (!test(item)) continue;
      if (matched >= start + page.size) return { results, endOfList: false };
      if (matched >= start) results.push(item);
      matched++;
    }
    if (slice.objects.length < sliceSize) return { results, endOfList: true };
    after = slice.lastSeq;
    await yieldToEventLoop();
  }
}
