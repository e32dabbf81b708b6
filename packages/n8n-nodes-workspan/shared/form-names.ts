import { type AnyOperation, catalogue, type FieldDefinition, type ListSource } from '@workspan-kit/core';

/** The catalogue's operations a host shows, in catalogue order. */
export const allOperations = Object.values(catalogue) as AnyOperation[];

/** The "From List" pickers' search methods, one per list source (n8n's `listSearch`). */
export const listSearchMethods: Record<ListSource, string> = {
  integrations: 'searchIntegrations',
  events: 'searchEvents',
  reports: 'searchReports',
};

/** The modes of a record picker (n8n's resource locator); WorkSpan has no record URLs to paste. */
export const pickerModes = { list: 'list', id: 'id' } as const;

/** Parameters this host adds around some fields; the field names stay the catalogue's. */
export const hostParameters = {
  binaryProperty: 'binaryPropertyName',
  dataSource: 'dataSource',
  rowsPerLoad: 'rowsPerLoad',
  options: 'options',
  batching: 'batching',
  filterMatch: 'match',
  filterConditions: 'conditions',
} as const;

/** Core's visibility conditions as n8n's `displayOptions.show` (which wants arrays of its own). */
export const shownWhen = (conditions: Readonly<Record<string, readonly (string | number | boolean)[]>>) =>
  Object.fromEntries(Object.entries(conditions).map(([name, values]) => [name, [...values]]));

/** The choice of a format field that leaves the format to the file's name or MIME type. */
export const formatFromFileChoice = 'fromFile';

const fieldsOf = (operation: AnyOperation) => Object.entries(operation.fields) as [string, FieldDefinition][];

/** The fields a user fills in: page numbers are this host's (Return All / Limit), the callback URL the trigger's. */
export function formFields(operation: AnyOperation): [string, FieldDefinition][] {
  return fieldsOf(operation).filter(
    ([name, field]) => field.role !== 'callbackUrl' && name !== operation.behaviours.paging?.pageNumberField,
  );
}

/**
 * An n8n subtitle expression showing what the form shows for the parameters' values (names, not
 * values); a value with no name (an expression) shows as it is.
 */
export function subtitleFor(key: string, names: Readonly<Record<string, string>>): string {
  return `={{ ${JSON.stringify(names)}[${key}] ?? ${key} }}`;
}
