import type { AnyOperation } from '../catalogue/index.js';
import { describeField, type FieldDefinition } from '../catalogue/index.js';
import { WorkSpanValidationError } from '../errors.js';

const extensionFormats: Record<string, string> = { csv: 'csv', json: 'json', xlsx: 'xlsx' };
const mimeFormats: Record<string, string> = {
  'text/csv': 'csv',
  'application/csv': 'csv',
  'application/json': 'json',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
};

/** The bulk-load format a file name or MIME type names, if any (`deals.CSV` → `csv`). */
export function formatFromFile(file: { name?: string; mimeType?: string }): string | undefined {
  const extension = /\.([a-z0-9]+)$/i.exec(file.name ?? '')?.[1]?.toLowerCase();
  if (extension && extensionFormats[extension]) return extensionFormats[extension];
  const mime = file.mimeType?.split(';')[0]?.trim().toLowerCase();
  return mime ? mimeFormats[mime] : undefined;
}

function fileNameOf(value: unknown): { name?: string; mimeType?: string } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const source = value as { path?: unknown; name?: unknown; mimeType?: unknown };
  const name =
    typeof source.name === 'string'
      ? source.name
      : typeof source.path === 'string'
        ? source.path.split(/[\\/]/).pop()
        : undefined;
  return {
    ...(name ? { name } : {}),
    ...(typeof source.mimeType === 'string' ? { mimeType: source.mimeType } : {}),
  };
}

/**
 * A file upload's format follows its file name when not given; a given format that contradicts
 * the name is refused, and a name that tells nothing asks for the format. Returns the input with
 * the format filled in. Every host and the client apply this one rule.
 */
export function withFileFormat(
  operation: AnyOperation,
  input: Record<string, unknown>,
): Record<string, unknown> {
  const behaviour = operation.behaviours.bulkload;
  if (!behaviour || operation.http.body !== 'multipart') return input;
  const file = fileNameOf(input[behaviour.contentField]);
  if (!file) return input;
  const formatField = (operation.fields as Record<string, FieldDefinition>)[behaviour.formatField];
  const choices = formatField ? (describeField(formatField).choices ?? []) : [];
  const given = input[behaviour.formatField];
  const named = formatFromFile(file);
  const shown = file.name ?? 'the file';
  if (given === undefined || given === '') {
    if (named) return { ...input, [behaviour.formatField]: named };
    throw new WorkSpanValidationError(
      [
        {
          field: behaviour.formatField,
          expected: `one of ${choices.join(', ')}: ${shown} does not say its format (name it .xlsx, .csv or .json, or give the format)`,
        },
      ],
      operation.id,
    );
  }
  if (named && typeof given === 'string' && given.toLowerCase() !== named) {
    throw new WorkSpanValidationError(
      [
        {
          field: behaviour.formatField,
          expected: `${named} for ${shown} (got ${given}; rename the file or leave the format out)`,
        },
      ],
      operation.id,
    );
  }
  return input;
}
