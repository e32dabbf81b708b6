import type { AnyOperation } from '../catalogue/index.js';
import {
  describeNotFound,
  WorkSpanBulkloadFailedError,
  WorkSpanError,
  WorkSpanNotFoundError,
  WorkSpanValidationError,
} from '../errors.js';
import { connectionProblems, describeConnectionProblems } from './connection-problem.js';
import { type FieldNamer, type HostIssue, hostIssues } from './field-names.js';

/** A failure in words a host shows: what happened, what to do, how to check, and the fields at fault. */
export interface FailureDescription {
  /** One sentence (validation: one line per field, `Integration: expected …`). */
  message: string;
  /** What the user can do about it. */
  hint?: string;
  /** How to find out whether a call took effect, when that is in doubt. */
  howToCheck?: string;
  /** The fields at fault in the host's names, first the one to look at first. */
  fields: string[];
  /** Bad input, each issue in the host's names. */
  issues?: HostIssue[];
  /** More lines worth showing: the row errors of a failed bulk load. */
  details?: string[];
}

export interface DescribeFailureOptions {
  /** The host's name for a field, a run option or a connection field. */
  namer: FieldNamer;
  operation?: AnyOperation | undefined;
  /** The connection the call went to, so that a failure of it names the connection field. */
  connection?: { environment: string; hostname: string } | undefined;
  /** Removes secrets (the client's `redact`); errors of core's client are redacted already. */
  redact?: (text: string) => string;
}

/**
 * The one way a failure becomes words, for every host: bad input names each field as the host
 * names it; an id WorkSpan does not know names the field that carried it; a connection that
 * cannot work names the connection fields; WorkSpan's advice stays beside the message.
 */
export function describeFailure(error: unknown, options: DescribeFailureOptions): FailureDescription {
  const redact = options.redact ?? ((text: string) => text);
  const name = (field: string) => options.namer(field, options.operation);
  const problems = options.connection ? connectionProblems(error, options.connection) : undefined;
  if (problems) {
    return {
      message: redact(describeConnectionProblems(problems, name)),
      ...advice(error, redact),
      fields: [...new Set(problems.flatMap((problem) => problem.fields.map(name)))],
    };
  }
  if (WorkSpanValidationError.isInstance(error)) {
    const issues = hostIssues(error, options.namer, options.operation);
    return {
      message: redact(issues.map((issue) => `${issue.hostFieldName}: expected ${issue.expected}`).join('\n')),
      ...advice(error, redact),
      fields: [...new Set(issues.map((issue) => issue.hostFieldName))],
      issues,
    };
  }
  if (WorkSpanNotFoundError.isInstance(error)) {
    const said = error.bodyExcerpt ? `: ${error.bodyExcerpt.replace(/[.\s]+$/, '')}` : '';
    return {
      message: redact(
        `${describeNotFound(error.fields, error.values, name)} (HTTP ${error.status} from ${error.method} ${error.path}${said}.)`,
      ),
      hint: 'Check the value, and that the connection points at the WorkSpan environment and hostname that hold it.',
      fields: error.fields.map(name),
    };
  }
  if (WorkSpanBulkloadFailedError.isInstance(error)) {
    const details = error.summary.errors.flatMap((row) => (row.message ? [redact(row.message)] : []));
    return {
      message: redact(error.message),
      ...advice(error, redact),
      fields: [],
      ...(details.length > 0 ? { details } : {}),
    };
  }
  if (WorkSpanError.isInstance(error))
    return { message: redact(error.message), ...advice(error, redact), fields: [] };
  return { message: redact(error instanceof Error ? error.message : String(error)), fields: [] };
}

function advice(
  error: unknown,
  redact: (text: string) => string,
): Pick<FailureDescription, 'hint' | 'howToCheck'> {
  if (!WorkSpanError.isInstance(error)) return {};
  return {
    ...(error.hint ? { hint: redact(error.hint) } : {}),
    ...(error.howToCheck ? { howToCheck: redact(error.howToCheck) } : {}),
  };
}

/** The description as one text: the message, then the advice it does not already hold. */
export function failureText(description: FailureDescription): string {
  const extra = [description.hint, description.howToCheck].filter(
    (part): part is string => part !== undefined && !description.message.includes(part),
  );
  return [description.message, ...extra].join(' ');
}
