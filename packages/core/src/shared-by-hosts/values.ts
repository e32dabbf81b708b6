import {
  type AnyOperation,
  describeField,
  type FieldDefinition,
  type FieldKind,
} from '../catalogue/index.js';
import { type ValidationIssue, WorkSpanValidationError } from '../errors.js';

const decoder = new TextDecoder();
const trueWords = new Set(['true', 'yes', 'on', '1']);
const falseWords = new Set(['false', 'no', 'off', '0']);

type Converted = { value: unknown } | { issue: string };

/**
 * Turns what a host hands over — an action input (always text), a Node-RED property or `msg`
 * field (text, number, JSON text, a Buffer), an n8n parameter — into the field's kind, with the
 * same rules in every host. Empty text means "not given", so defaults apply. Values that cannot
 * be converted are passed on unchanged for the schema to refuse with the field's own message.
 */
export function fieldValueFromHost(definition: FieldDefinition, value: unknown): Converted {
  if (value === undefined || value === null) return { value: undefined };
  const kind = describeField(definition).kind;
  const text = asText(value, kind);
  if (text !== undefined && text.trim() === '') return { value: undefined };
  switch (kind) {
    case 'number':
      if (text === undefined) return { value };
      return { value: Number.isFinite(Number(text.trim())) ? Number(text.trim()) : text };
    case 'boolean': {
      if (text === undefined) return { value };
      const word = text.trim().toLowerCase();
      return { value: trueWords.has(word) ? true : falseWords.has(word) ? false : text };
    }
    case 'stringList':
    case 'multiOptions':
      if (Array.isArray(value)) return { value: value.map((item) => String(item).trim()) };
      if (text === undefined) return { value };
      return listFromText(text);
    case 'json':
    case 'reportFilters':
      if (text === undefined) return { value };
      return jsonFromText(text, 'JSON text');
    case 'data':
      // Bytes and rows are data as they are; text is CSV or JSON text and stays text.
      return { value };
    case 'file':
      return { value: typeof value === 'string' ? { path: value } : value };
    default:
      return { value: text ?? value };
  }
}

/** Text for kinds that read text; bytes are decoded as UTF-8, numbers and booleans written out. */
function asText(value: unknown, kind: FieldKind): string | undefined {
  if (kind === 'data' || kind === 'file') return typeof value === 'string' ? value : undefined;
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return decoder.decode(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function listFromText(text: string): Converted {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    const parsed = jsonFromText(trimmed, 'a JSON array or a comma-separated list');
    if ('issue' in parsed) return parsed;
    return Array.isArray(parsed.value)
      ? { value: parsed.value.map((item) => String(item).trim()) }
      : { issue: 'a JSON array or a comma-separated list' };
  }
  return {
    value: trimmed
      .split(/[,\n]/)
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  };
}

function jsonFromText(text: string, expected: string): Converted {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { issue: `${expected} (${(error as Error).message})` };
  }
}

/**
 * An operation's input from host values keyed by field name; unknown names are refused, so a
 * misspelt input never goes unnoticed. Errors name core's fields: rename them for the host with
 * `hostIssues`.
 */
export function inputFromHost(
  operation: AnyOperation,
  values: Record<string, unknown>,
): Record<string, unknown> {
  const fields = operation.fields as Record<string, FieldDefinition>;
  const input: Record<string, unknown> = {};
  const issues: ValidationIssue[] = [];
  for (const [name, value] of Object.entries(values)) {
    const definition = fields[name];
    if (!definition) {
      issues.push({
        field: name,
        expected: `no such field for ${operation.id}; it takes ${fieldList(fields)}`,
      });
      continue;
    }
    const converted = fieldValueFromHost(definition, value);
    if ('issue' in converted) issues.push({ field: name, expected: converted.issue });
    else if (converted.value !== undefined) input[name] = converted.value;
  }
  if (issues.length > 0) throw new WorkSpanValidationError(issues, operation.id);
  return input;
}

function fieldList(fields: Record<string, FieldDefinition>): string {
  const names = Object.keys(fields);
  return names.length === 0 ? 'no fields' : names.join(', ');
}
