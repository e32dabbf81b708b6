import type { z } from 'zod';
import type { AnyOperation } from '../catalogue/index.js';
import { type ValidationIssue, WorkSpanValidationError } from '../errors.js';
import { withFileFormat } from '../shared-by-hosts/file-format.js';

/** Input a schema accepted: defaults filled in, read-only, known to the client as validated. */
export type ValidatedInput<Operation extends AnyOperation = AnyOperation> = Readonly<
  z.output<Operation['input']>
>;

/** Which operation each validated input was checked for, so `call` does not check it again. */
const validatedInputs = new WeakMap<object, AnyOperation>();

/** True when `values` came from `validateInput` for this very operation. */
export function isValidatedFor<Operation extends AnyOperation>(
  values: unknown,
  operation: Operation,
): values is ValidatedInput<Operation> {
  return typeof values === 'object' && values !== null && validatedInputs.get(values) === operation;
}

/**
 * Parses input against the operation's schema; a failure names each field and what it needs.
 * The result may be passed to `client.call` as it is, which then sends it without checking again.
 */
export function validateInput<Operation extends AnyOperation>(
  operation: Operation,
  input: unknown,
): ValidatedInput<Operation> {
  // Frozen, so what was checked is what is sent.
  const values = Object.freeze(parseInput(operation, input));
  validatedInputs.set(values, operation);
  return values;
}

/** The check itself; `call` uses it directly, as its values go nowhere else (no marking needed). */
export function parseInput<Operation extends AnyOperation>(
  operation: Operation,
  input: unknown,
): ValidatedInput<Operation> {
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
  if (result.success) return result.data as ValidatedInput<Operation>;
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
