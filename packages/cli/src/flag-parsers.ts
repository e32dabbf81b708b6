import { InvalidArgumentError } from 'commander';

/** Parsers for numeric flags; each error names the flag and what it expects. */

function parseWholeNumber(value: string): number | undefined {
  if (!/^\d+$/.test(value.trim())) return undefined;
  const number = Number(value);
  return Number.isSafeInteger(number) ? number : undefined;
}

/** Intervals, limits, timeouts and counts: a whole number of 1 or more (or of `minimum`). */
export function parsePositiveInteger(flag: string, minimum = 1): (value: string) => number {
  return (value) => {
    const number = parseWholeNumber(value);
    if (number === undefined || number < minimum) {
      throw new InvalidArgumentError(`${flag} expects a whole number of ${minimum} or more.`);
    }
    return number;
  };
}

/** A TCP port to listen on: 0 (pick a free one) to 65535. */
export function parsePort(flag: string): (value: string) => number {
  return (value) => {
    const number = parseWholeNumber(value);
    if (number === undefined || number > 65535) {
      throw new InvalidArgumentError(`${flag} expects a port number from 0 to 65535 (0 picks a free one).`);
    }
    return number;
  };
}
