import type { z } from 'zod';
import type { AnyOperation } from '../catalogue/index.js';
import { type ValidationIssue, WorkSpanValidationError } from '../errors.js';
import { withFileFormat } from '../host/file-format.js';

/** Parses input against the operation's schema; a failure names each field and what it needs. */
export function validateInput(operation: AnyOperation, input: unknown): Record<string, unknown> {
  const given = input ?? {};
  if (typeof given !== 'object' || Array.isArray(given)) {
    throw new WorkSpanValidationError(
      [{ field: 'input', expected: 'an object of named fields' }],
      operation.id,
    );
  }
  const result = (operation.input as z.ZodType).safeParse(
    withFileFormat(operation, given as Record<string, unknown>),
  );
  if (result.success) return result.data as Record<string, unknown>;
  const issues: ValidationIssue[] = result.error.issues.map((issue) => {
    const fieldName = formatPath(issue.path);
    const missing = issue.code === 'invalid_type' && readPath(given, issue.path) === undefined;
    const expected = cleanMessage(issue.message);
    return { field: fieldName, expected: missing ? `${expected} (required)` : expected };
  });
  throw new WorkSpanValidationError(issues, operation.id);
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'input';
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : index === 0 ? String(part) : `.${String(part)}`,
    )
    .join('');
}

function readPath(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

function cleanMessage(message: string): string {
  return message.replace(/^Invalid input: expected /, '').replace(/^Invalid input$/, 'a valid value');
}
