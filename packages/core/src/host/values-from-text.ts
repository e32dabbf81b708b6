import { describeField, type FieldDefinition } from '../catalogue/field.js';

/** Text a host handed over could not become the field's kind (e.g. JSON that does not parse). */
export class FieldTextError extends Error {
  override name = 'FieldTextError';
  constructor(readonly expected: string) {
    super(expected);
  }
}

const trueWords = new Set(['true', 'yes', 'on', '1']);
const falseWords = new Set(['false', 'no', 'off', '0']);

/**
 * Turns text (an action input, an environment variable, a form value) into the value a field's
 * kind takes: booleans and numbers parsed, lists from a JSON array or comma- or line-separated
 * items, JSON parsed for JSON kinds. Anything that does not parse is passed on as text, so the
 * field's schema names the problem — except JSON, whose parse error is the useful message.
 */
export function valueFromText(definition: FieldDefinition, text: string): unknown {
  const { kind } = describeField(definition);
  const trimmed = text.trim();
  switch (kind) {
    case 'boolean': {
      const word = trimmed.toLowerCase();
      if (trueWords.has(word)) return true;
      if (falseWords.has(word)) return false;
      return text;
    }
    case 'number': {
      const number = Number(trimmed);
      return trimmed !== '' && Number.isFinite(number) ? number : text;
    }
    case 'stringList':
    case 'multiOptions':
      return listFromText(trimmed);
    case 'json':
    case 'reportFilters':
      try {
        return JSON.parse(trimmed);
      } catch (error) {
        throw new FieldTextError(`JSON text (${(error as Error).message})`);
      }
    default:
      return text;
  }
}

/** `a, b`, one item a line, or a JSON array of strings. */
export function listFromText(text: string): string[] | string {
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string')) return parsed;
    } catch {
      // not JSON: split it as text below
    }
    return text;
  }
  return text
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
