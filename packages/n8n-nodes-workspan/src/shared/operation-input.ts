import { type AnyOperation, describeField, type FieldDefinition } from '@workspan-kit/core';
import type { IDataObject } from 'n8n-workflow';
import { fieldProperties, formatFromFile, formFields, hostParameters } from './operation-form';

/** Reads one parameter of the current item; the node passes `this.getNodeParameter` bound to an item. */
export type ParameterReader = (name: string, fallback?: unknown) => unknown;

/**
 * The operation's input from the node's parameters for one item: strings turned into each
 * field's kind, empty optional values left out so core applies its defaults. Files and data
 * rows are filled in by the node (they come from the input items, not from parameters).
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
    const value = fromParameter(field, raw);
    if (value === formatFromFile) continue;
    if (value !== undefined) input[name] = value;
  }
  return input;
}

function fromParameter(field: FieldDefinition, raw: unknown): unknown {
  const facts = describeField(field);
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'string') {
    const text = raw.trim();
    if (text === '') return undefined;
    switch (facts.kind) {
      case 'stringList':
        return text.startsWith('[')
          ? parseJson(text)
          : text
              .split(',')
              .map((part) => part.trim())
              .filter(Boolean);
      case 'multiOptions':
        return text.split(',').map((part) => part.trim());
      case 'json':
        return parseJson(text);
      case 'boolean':
        return text === 'true' ? true : text === 'false' ? false : text;
      default:
        return raw;
    }
  }
  if (Array.isArray(raw) && raw.length === 0 && !facts.required) return undefined;
  return raw;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

interface ConditionParameter {
  colId?: string;
  type?: string;
  op?: string;
  value?: string;
  negate?: boolean;
}

const numericTypes = new Set(['NUMBER', 'DECIMAL', 'CURRENCY']);

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

/** The n8n parameter a catalogue field is shown as, for error messages in the form's own words. */
export function parameterDisplayNames(operation: AnyOperation): Record<string, string> {
  const names: Record<string, string> = {};
  for (const [name, field] of Object.entries(operation.fields) as [string, FieldDefinition][]) {
    const properties = fieldProperties(operation, name, field);
    const shown = properties.find((property) => property.name === name) ?? properties[0];
    names[name] = shown ? shown.displayName : field.label;
  }
  return names;
}
