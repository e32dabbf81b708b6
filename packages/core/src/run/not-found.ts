import type { AnyOperation, FieldDefinition } from '../catalogue/index.js';
import { WorkSpanApiError } from '../errors.js';

/** An id the caller gave that WorkSpan does not know: the field that carried it, and its value. */
export class WorkSpanNotFoundError extends WorkSpanApiError {
  static override readonly kind: string = 'WorkSpanNotFoundError';
  /** The fields that may have carried the unknown id (one when WorkSpan's answer says which). */
  readonly fields: readonly string[];
  readonly values: Readonly<Record<string, unknown>>;
  constructor(answer: WorkSpanApiError, fields: readonly string[], values: Record<string, unknown>) {
    super({
      status: answer.status,
      operationId: answer.operationId,
      method: answer.method,
      path: answer.path,
      requestId: answer.requestId,
      bodyExcerpt: answer.bodyExcerpt,
      serverCode: answer.serverCode,
      hostname: answer.hostname,
      retryable: false,
      code: 'not-found',
      hint: answer.hint,
    });
    this.fields = fields;
    this.values = values;
    this.message = `${describeNotFound(fields, values, (name) => name)} ${this.message}`;
  }
}

/** `integrationId "x" was not found in WorkSpan.`, in a host's names. */
export function describeNotFound(
  fields: readonly string[],
  values: Readonly<Record<string, unknown>>,
  name: (field: string) => string,
): string {
  const each = fields.map((field) => `${name(field)} ${JSON.stringify(String(values[field] ?? ''))}`);
  return `${each.join(' or ')} was not found in WorkSpan.`;
}

/** Fields that carry an id to look up: path and query ids, and fields chosen from a list. */
const carriesId = ([name, field]: [string, FieldDefinition]) =>
  (field.in === 'path' || field.in === 'query' || field.in === 'body') &&
  (field.listSource !== undefined || /Id$/.test(name)) &&
  field.role !== 'callbackUrl';

/**
 * The fields a 404 points at. WorkSpan's code (`integration_not_found`) names the kind of id when
 * it gives one; otherwise every id the call carried is a candidate.
 */
export function notFoundFields(
  operation: AnyOperation,
  input: Readonly<Record<string, unknown>>,
  serverCode?: string,
) {
  const given = (Object.entries(operation.fields) as [string, FieldDefinition][]).filter(
    (entry) => carriesId(entry) && input[entry[0]] !== undefined,
  );
  const kind = /^([a-z]+)_not_found$/i.exec(serverCode ?? '')?.[1]?.toLowerCase();
  const named = kind ? given.filter(([name]) => name.toLowerCase().startsWith(kind)) : [];
  return (named.length > 0 ? named : given).map(([name]) => name);
}

/** A 404 answer to a call with these values, as the error that names the field; others unchanged. */
export function withNotFoundField(
  error: unknown,
  operation: AnyOperation,
  input: Readonly<Record<string, unknown>>,
): unknown {
  if (!WorkSpanApiError.isInstance(error) || error.status !== 404 || WorkSpanNotFoundError.isInstance(error))
    return error;
  if (error.operationId !== operation.id) return error;
  const fields = notFoundFields(operation, input, error.serverCode);
  if (fields.length === 0) return error;
  return new WorkSpanNotFoundError(
    error,
    fields,
    Object.fromEntries(fields.map((field) => [field, input[field]])),
  );
}
