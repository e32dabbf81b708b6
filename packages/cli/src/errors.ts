import {
  describeFailure,
  failureText,
  hostIssues,
  isWorkSpanError,
  WorkSpanNotFoundError,
  WorkSpanValidationError,
} from '@workspan-kit/core';
import { CommanderError } from 'commander';
import { flagName } from './naming.js';

/** The command line itself is wrong (unknown profile, conflicting flags): exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface FlagIssue {
  /** The flag as typed, e.g. `--integration-id`, or `<report-id>` for an argument. */
  flag: string;
  expected: string;
}

/** A flag's value was rejected before any request was sent: exit code 1. */
export class InvalidFlagError extends Error {
  override name = 'InvalidFlagError';
  readonly issues: readonly FlagIssue[];
  constructor(issues: readonly FlagIssue[]) {
    super(issues.map((issue) => `${issue.flag}: expected ${issue.expected}`).join('\n'));
    this.issues = issues;
  }
}

/** Maps a core field name (`filters.fieldFilters[0].colId`) to the flag the user typed. */
export type FlagNamer = (fieldName: string) => string;

export const defaultFlagNamer: FlagNamer = (fieldName) => flagName(fieldName);

/** Rewrites core's validation and not-found errors in terms of flags; anything else passes through. */
export function toFlagError(error: unknown, nameFlag: FlagNamer = defaultFlagNamer): unknown {
  if (WorkSpanNotFoundError.isInstance(error))
    return new Error(failureText(describeFailure(error, { namer: nameFlag })), { cause: error });
  if (!WorkSpanValidationError.isInstance(error)) return error;
  return new InvalidFlagError(
    hostIssues(error, nameFlag).map((issue) => ({ flag: issue.hostFieldName, expected: issue.expected })),
  );
}

export interface ErrorReport {
  message: string;
  exitCode: number;
}

/** The text and exit code for an error that ended a command. */
export function reportError(error: unknown, options: { debug: boolean }): ErrorReport {
  if (error instanceof CommanderError) {
    // Commander already printed its message. Help ends normally, a bad value is a validation
    // error like core's, anything else (unknown flag or command, missing value) is usage.
    if (error.exitCode === 0) return { message: '', exitCode: 0 };
    return { message: '', exitCode: error.code === 'commander.invalidArgument' ? 1 : 2 };
  }
  const flagError = toFlagError(error);
  if (flagError instanceof InvalidFlagError) {
    return { message: prefixLines(flagError.message), exitCode: 1 };
  }
  if (error instanceof UsageError) return { message: `error: ${error.message}`, exitCode: 2 };
  // The stack starts with the message, so --debug shows it instead.
  if (options.debug && error instanceof Error && error.stack)
    return { message: `error: ${error.stack}`, exitCode: 1 };
  // Core's words, with the flag that carried an unknown id and the advice after the message.
  const text = isWorkSpanError(error)
    ? failureText(describeFailure(error, { namer: defaultFlagNamer }))
    : error instanceof Error
      ? error.message
      : String(error);
  return { message: `error: ${text}`, exitCode: 1 };
}

function prefixLines(text: string): string {
  return text
    .split('\n')
    .map((line) => `error: ${line}`)
    .join('\n');
}
