import { type AnyOperation, type FieldDefinition, fieldValueFromHost } from '@workspan-kit/core';
import type { IDataObject } from 'n8n-workflow';
import { formatFromFileChoice, formFields, hostParameters } from './operation-form';

/** Reads one parameter of the current item; the node passes `this.getNodeParameter` bound to an item. */
export type ParameterReader = (name: string, fallback?: unknown) => unknown;

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
    const raw = field.advanced ? options[name] : read(name);
    if (raw === formatFromFileChoice) continue;
    const converted = fieldValueFromHost(field as FieldDefinition, raw);
    // A value that cannot be converted goes on as given, for the schema to refuse by name.
    const value = 'issue' in converted ? raw : converted.value;
    if (value !== undefined) input[name] = value;
  }
  return input;
}

interface ConditionParameter {
  colId?: string;
  type?: string;
  op?: string;
  value?: string;
  negate?: boolean;
}

const numericTypes = new Set(['NUMBER', 'DECIMAL', 'CURRENCY']);

/** The form's filter conditions as core's report filter. */
function readReportFilters(read: ParameterReader) {
  const conditions = (
    (read(hostParameters.filterConditions, {}) ?? {}) as { condition?: ConditionParameter[] }
  ).condition;
  if (!conditions || conditions.length === 0) return undefined;
  return {
    op: String(read(hostParameters.filterMatch, 'AND')),
    fieldFilters: conditions.map((condition) => {
      const type = condition.type ?? 'TEXT';
      const scalar = (text: string) =>
        numericTypes.has(type) && text.trim() !== '' && !Number.isNaN(Number(text))
          ? Number(text)
          : text.trim();
      const text = String(condition.value ?? '');
      const many = condition.op === 'IN' || condition.op === 'BETWEEN';
      return {
        colId: condition.colId ?? '',
        type,
        filter: {
          op: condition.op ?? 'EQUAL_TO',
          ...(condition.negate ? { negate: true } : {}),
          ...(condition.op === 'IS_EMPTY'
            ? {}
            : many
              ? { values: text.split(',').map(scalar) }
              : { value: condition.op === 'OFFSET' ? Number(text) : scalar(text) }),
        },
      };
    }),
  };
}
