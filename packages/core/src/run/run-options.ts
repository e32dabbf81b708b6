import type { AnyOperation } from '../catalogue/index.js';
import type { ValidationIssue } from '../errors.js';

/** The defaults of running an operation, written once: every host and `waitForBulkload` read them. */
export const runDefaults = {
  /** Time between status checks of a bulk load. */
  pollIntervalMs: 2000,
  /** The shortest time between status checks a caller may ask for. */
  minimumPollIntervalMs: 1000,
  /** How long to wait for a bulk load. */
  waitTimeoutMs: 30 * 60_000,
  /** The longest wait a timer can hold (about 24.8 days). */
  maximumWaitTimeoutMs: 2 ** 31 - 1,
  /** Items read when not all are asked for. */
  limit: 50,
  /** WorkSpan's documented call budget per connection. */
  callBudget: { limit: 100, windowMs: 60_000 },
} as const;

export type RunOptionName =
  | 'returnAll'
  | 'limit'
  | 'waitForCompletion'
  | 'failOnRowErrors'
  | 'pollInterval'
  | 'waitTimeout';

/** An option a host adds beside an operation's own fields: how to run it, never sent to WorkSpan. */
export interface RunOptionField {
  name: RunOptionName;
  label: string;
  description: string;
  kind: 'boolean' | 'number';
  default: boolean | number;
  minimum?: number;
  maximum?: number;
  /** Shown only when the named option has one of these values. */
  visibleWhen?: Partial<Record<RunOptionName, readonly [boolean]>>;
}

/** What hosts offer with every operation that reads pages ("Return All" / "Limit"). */
export const pagingRunOptions: readonly RunOptionField[] = [
  {
    name: 'returnAll',
    label: 'Return All',
    description: 'Whether to return all results or only up to a given limit',
    kind: 'boolean',
    default: false,
  },
  {
    name: 'limit',
    label: 'Limit',
    description: 'Max number of results to return',
    kind: 'number',
    default: runDefaults.limit,
    minimum: 1,
    visibleWhen: { returnAll: [false] },
  },
];

/** What hosts offer with every operation that starts a bulk load. */
export const bulkloadRunOptions: readonly RunOptionField[] = [
  {
    name: 'waitForCompletion',
    label: 'Wait for Completion',
    description: 'Wait until the load completes, then return its final status with counts and row errors.',
    kind: 'boolean',
    default: false,
  },
  {
    name: 'failOnRowErrors',
    label: 'Fail on Row Errors',
    description:
      'Fail when some rows were refused. A load that wrote no row at all fails whatever this says.',
    kind: 'boolean',
    default: false,
    visibleWhen: { waitForCompletion: [true] },
  },
  {
    name: 'pollInterval',
    label: 'Poll Interval (ms)',
    description: `Time between status checks, at least ${runDefaults.minimumPollIntervalMs} ms; waiting never uses more than a quarter of the connection's call budget.`,
    kind: 'number',
    default: runDefaults.pollIntervalMs,
    minimum: runDefaults.minimumPollIntervalMs,
    maximum: runDefaults.maximumWaitTimeoutMs,
    visibleWhen: { waitForCompletion: [true] },
  },
  {
    name: 'waitTimeout',
    label: 'Wait Timeout (ms)',
    description: 'Stop waiting after this long; the load goes on in WorkSpan.',
    kind: 'number',
    default: runDefaults.waitTimeoutMs,
    minimum: 1,
    maximum: runDefaults.maximumWaitTimeoutMs,
    visibleWhen: { waitForCompletion: [true] },
  },
];

/** The run options an operation offers, from its declared behaviours. */
export function runOptionFields(operation: AnyOperation): readonly RunOptionField[] {
  return [
    ...(operation.behaviours.paging ? pagingRunOptions : []),
    ...(operation.behaviours.bulkload ? bulkloadRunOptions : []),
  ];
}

/** How an operation is run: every option checked, defaults filled in. */
export interface RunOptions {
  returnAll: boolean;
  limit: number;
  waitForCompletion: boolean;
  failOnRowErrors: boolean;
  pollIntervalMs: number;
  waitTimeoutMs: number;
}

const trueWords = new Set(['true', 'yes', 'on', '1']);
const falseWords = new Set(['false', 'no', 'off', '0']);

/** One option's value from a host (text, number, boolean, Buffer), or what it should have been. */
function optionValue(
  option: RunOptionField,
  given: unknown,
): { value: boolean | number } | { issue: string } {
  const text =
    typeof given === 'string'
      ? given.trim()
      : given instanceof Uint8Array
        ? new TextDecoder().decode(given).trim()
        : undefined;
  if (option.kind === 'boolean') {
    if (typeof given === 'boolean') return { value: given };
    const word = text?.toLowerCase();
    if (word !== undefined && trueWords.has(word)) return { value: true };
    if (word !== undefined && falseWords.has(word)) return { value: false };
    return { issue: `true or false (got ${shown(given)})` };
  }
  const number = typeof given === 'number' ? given : text === undefined ? Number.NaN : Number(text);
  const minimum = option.minimum ?? 0;
  const maximum = option.maximum ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isInteger(number) || number < minimum || number > maximum) {
    const range =
      option.maximum === undefined ? `${minimum} or more` : `from ${minimum} to ${option.maximum}`;
    return { issue: `a whole number ${range} (got ${shown(given)})` };
  }
  return { value: number };
}

const shown = (value: unknown) => {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
};

/**
 * The run options from a host's values keyed by option name; empty text and `undefined` mean
 * "not given". Names the operation does not offer are refused, so a misspelt one is never ignored.
 */
export function readRunOptions(
  operation: AnyOperation,
  values: Readonly<Record<string, unknown>>,
): { options: RunOptions; issues: ValidationIssue[] } {
  const offered = runOptionFields(operation);
  const chosen = new Map<RunOptionName, boolean | number>();
  const issues: ValidationIssue[] = [];
  for (const [name, given] of Object.entries(values)) {
    if (given === undefined || given === null || (typeof given === 'string' && given.trim() === '')) continue;
    const option = offered.find((candidate) => candidate.name === name);
    if (!option) {
      const names = offered.map((candidate) => candidate.name);
      issues.push({
        field: name,
        expected: `no such option for ${operation.id}; ${names.length > 0 ? `it takes ${names.join(', ')}` : 'it takes none'}`,
      });
      continue;
    }
    const read = optionValue(option, given);
    if ('issue' in read) issues.push({ field: name, expected: read.issue });
    else chosen.set(option.name, read.value);
  }
  const value = <T extends boolean | number>(name: RunOptionName, fallback: T): T =>
    (chosen.get(name) as T | undefined) ?? fallback;
  const options: RunOptions = {
    returnAll: value('returnAll', false),
    limit: value('limit', runDefaults.limit),
    waitForCompletion: value('waitForCompletion', false),
    failOnRowErrors: value('failOnRowErrors', false),
    pollIntervalMs: value('pollInterval', runDefaults.pollIntervalMs),
    waitTimeoutMs: value('waitTimeout', runDefaults.waitTimeoutMs),
  };
  if (options.failOnRowErrors && !options.waitForCompletion)
    issues.push({
      field: 'failOnRowErrors',
      expected:
        'to be set only when waiting for completion (row errors are known once the load is processed)',
    });
  return { options, issues };
}

/**
 * Whether a form shows an option, given the values of the others (missing ones at their
 * defaults): an option a form hides is not the user's choice, so hosts leave it out.
 */
export function isRunOptionShown(
  option: RunOptionField,
  operation: AnyOperation,
  values: Readonly<Record<string, unknown>>,
): boolean {
  return Object.entries(option.visibleWhen ?? {}).every(([name, shownFor]) => {
    const other = runOptionFields(operation).find((candidate) => candidate.name === name);
    if (!other) return false;
    const given = values[name];
    const read =
      given === undefined || given === null || given === ''
        ? { value: other.default }
        : optionValue(other, given);
    return 'value' in read && (shownFor as readonly unknown[]).includes(read.value);
  });
}
