import type { AnyOperation } from '../catalogue/index.js';
import { type ValidationIssue, WorkSpanValidationError } from '../errors.js';
import { type ValidatedInput, validateInput } from '../request/validate-input.js';
import { inputFromHost } from '../shared-by-hosts/values.js';
import { type RunOptions, readRunOptions } from './run-options.js';

/**
 * How an operation runs: `once` (one call), `page` (one page the caller chose by its number),
 * `pages` (page after page, all or up to a limit), `bulkload` (start a load, maybe wait for it).
 */
export type RunMode = 'once' | 'page' | 'pages' | 'bulkload';

/** Everything a run needs, checked: nothing of it can fail after the first request is sent. */
export interface RunPlan<Operation extends AnyOperation = AnyOperation> {
  readonly operation: Operation;
  readonly input: ValidatedInput<Operation>;
  readonly options: RunOptions;
  readonly mode: RunMode;
}

const issuesOf = (error: unknown): ValidationIssue[] => {
  if (WorkSpanValidationError.isInstance(error)) return [...error.issues];
  throw error;
};

/**
 * Checks a host's values for one operation — its fields (through `inputFromHost`) and its run
 * options (paging, waiting for a bulk load) — all before anything is sent. Every problem is in one
 * `WorkSpanValidationError` naming core's field and option names, for `describeFailure` to rename.
 */
export function planRun<Operation extends AnyOperation>(
  operation: Operation,
  fieldValues: Readonly<Record<string, unknown>>,
  optionValues: Readonly<Record<string, unknown>> = {},
): RunPlan<Operation> {
  const issues: ValidationIssue[] = [];
  let converted: Record<string, unknown> = {};
  try {
    converted = inputFromHost(operation, fieldValues);
  } catch (error) {
    issues.push(...issuesOf(error));
  }
  let input: ValidatedInput<Operation> | undefined;
  if (issues.length === 0) {
    try {
      input = validateInput(operation, converted);
    } catch (error) {
      issues.push(...issuesOf(error));
    }
  }
  const { options, issues: optionIssues } = readRunOptions(operation, optionValues);
  issues.push(...optionIssues);
  if (issues.length > 0 || !input) throw new WorkSpanValidationError(issues, operation.id);
  const { paging, bulkload } = operation.behaviours;
  // A page number the caller gave asks for that page alone; otherwise the host reads pages.
  const mode: RunMode = paging
    ? converted[paging.pageNumberField] === undefined
      ? 'pages'
      : 'page'
    : bulkload
      ? 'bulkload'
      : 'once';
  return { operation, input, options, mode };
}
