import { ApiError } from '../errors.js';
import { isPlainObject } from '../util.js';

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

/** One page of `items` and whether it is the last one. */
export function paginate<T>(items: readonly T[], page: Page): { results: T[]; endOfList: boolean } {
  const start = page.number * page.size;
  const results = items.slice(start, start + page.size);
  return { results, endOfList: start + page.size >= items.length };
}
