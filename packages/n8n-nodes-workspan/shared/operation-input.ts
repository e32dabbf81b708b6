import type { AnyOperation, FieldDefinition } from '@workspan-kit/core';
import { fieldValueFromHost } from '@workspan-kit/core/internal';
import type { IDataObject } from 'n8n-workflow';
import { formatFromFileChoice, formFields, hostParameters } from './form-names';
import { readReportFilters } from './report-filter-form';

/** Reads one parameter of the current item; the node passes `this.getNodeParameter` bound to an item. */
export type ParameterReader = (name: string, fallback?: unknown) => unknown;

/**
 * A record picker's value (n8n's resource locator, `{ __rl, mode, value }`) as the value it
 * holds, whichever mode gave it; any other value, such as the plain ID an older workflow stored
 * for the same parameter, as it is.
 */
export function pickedValue(raw: unknown): unknown {
  if (typeof raw === 'object' && raw !== null && '__rl' in raw && 'mode' in raw && 'value' in raw)
    return (raw as { value: unknown }).value;
  return raw;
}

/**
 * The operation's input from the node's parameters for one item, each value turned into its
 * field's kind by core's host rules (empty means "not given", so core's defaults apply). Files
 * and data rows are filled in by the node: they come from the input items, not from parameters.
 */
export function readOperationInput(operation: AnyOperation, read: ParameterReader): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const options = (read(hostParameters.options, {}) ?? {}) as IDataObject;
  for (const [name, field] of formFields(operation)) {
    if (field.in === 'file' || field.kind === 'data') continue;
    if (field.kind === 'reportFilters') {
      const filters = readReportFilters(read);
      if (filters) input[name] = filters;
      continue;
    }
    const raw = pickedValue(field.advanced ? options[name] : read(name));
    if (raw === formatFromFileChoice) continue;
    const converted = fieldValueFromHost(field as FieldDefinition, raw);
    // A value that cannot be converted goes on as given, for the schema to refuse by name.
    const value = 'issue' in converted ? raw : converted.value;
    if (value !== undefined) input[name] = value;
  }
  return input;
}
