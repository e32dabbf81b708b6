import type { AnyOperation, FieldDefinition } from '../catalogue/index.js';
import { WorkSpanApiError, WorkSpanNotFoundError } from '../errors.js';

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
