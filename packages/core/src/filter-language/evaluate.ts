/**
 * Evaluates a parsed event filter against one event record.
 *
 * Field lookup:
 * - A dotted path walks nested objects, but a key that literally contains the dots wins:
 *   `sales_details.partner` first tries `record["sales_details.partner"]`, then
 *   `record.sales_details.partner` (and the mixed forms in between, longest key first).
 * - A digit segment indexes an array (`items.0.name`); any other segment applied to an array
 *   is looked up in every element, so the field has one value per element that has it.
 * - A key whose value is `undefined` counts as missing; `null` is a present value.
 *
 * Matching (a field with several values matches when any value does; an array value matches
 * when any element does):
 * - `=` compares strings case-sensitively; a number and a numeric string compare as numbers;
 *   booleans and null only equal themselves.
 * - `>`, `>=`, `<`, `<=` compare numbers (a numeric string counts as its number when the other
 *   side is a number) or two strings by code unit, which orders ISO 8601 dates correctly when
 *   they share a format and time zone. Anything else, including a missing field, is false.
 * - `in [...]` is `=` against any list value.
 * - `contains` is a substring test on a string value and membership (`=`) on an array value.
 * - `exists` is true when the field has at least one value.
 * - `!=`, `not in`, `not contains` and `not exists` are exactly the negation of their
 *   positive form, so a missing field satisfies all of them.
 * - Date objects (from callers that build records in code) are compared as ISO strings.
 */
import type { EventFilterExpression, EventFilterFieldPath, EventFilterLiteral } from './syntax-tree.js';

export function evaluateEventFilter(
  expression: EventFilterExpression,
  record: Record<string, unknown>,
): boolean {
  switch (expression.kind) {
    case 'and':
      return expression.operands.every((operand) => evaluateEventFilter(operand, record));
    case 'or':
      return expression.operands.some((operand) => evaluateEventFilter(operand, record));
    case 'not':
      return !evaluateEventFilter(expression.operand, record);
    case 'exists':
      return resolveField(record, expression.field).length > 0 !== expression.negated;
    case 'in': {
      const values = resolveField(record, expression.field);
      const matched = values.some((value) =>
        expression.values.some((literal) => equalsLiteral(value, literal)),
      );
      return matched !== expression.negated;
    }
    case 'contains': {
      const values = resolveField(record, expression.field);
      const matched = values.some((value) => containsLiteral(value, expression.value));
      return matched !== expression.negated;
    }
    case 'comparison': {
      const values = resolveField(record, expression.field);
      const literal = expression.value;
      switch (expression.operator) {
        case '=':
          return values.some((value) => equalsLiteral(value, literal));
        case '!=':
          return !values.some((value) => equalsLiteral(value, literal));
        default: {
          const operator = expression.operator;
          return values.some((value) =>
            satisfiesOrdering(value, literal, (order) => orderHolds(order, operator)),
          );
        }
      }
    }
  }
}

/** Every value the path reaches in the record; empty when the field is missing. */
function resolveField(record: unknown, field: EventFilterFieldPath): unknown[] {
  const values: unknown[] = [];
  collectValues(record, field, 0, values);
  return values;
}

function collectValues(
  container: unknown,
  field: EventFilterFieldPath,
  start: number,
  values: unknown[],
): boolean {
  if (start === field.length) {
    if (container === undefined) return false;
    values.push(container);
    return true;
  }
  if (Array.isArray(container)) {
    const segment = field[start] as string;
    if (/^\d+$/.test(segment)) return collectValues(container[Number(segment)], field, start + 1, values);
    let found = false;
    for (const element of container) found = collectValues(element, field, start, values) || found;
    return found;
  }
  if (typeof container !== 'object' || container === null) return false;
  // Longest key first, so a flat key containing dots is preferred over nesting.
  for (let end = field.length; end > start; end -= 1) {
    const key = field.slice(start, end).join('.');
    if (
      Object.hasOwn(container, key) &&
      collectValues((container as Record<string, unknown>)[key], field, end, values)
    ) {
      return true;
    }
  }
  return false;
}

type Comparable = string | number | boolean | null | readonly unknown[] | undefined;

/** Reduces a record value to something the operators understand; objects match nothing. */
function comparable(value: unknown): Comparable {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return value;
    case 'object':
      return value === null || Array.isArray(value) ? value : undefined;
    default:
      return undefined;
  }
}

function equalsLiteral(recordValue: unknown, literal: EventFilterLiteral): boolean {
  const value = comparable(recordValue);
  if (Array.isArray(value)) return value.some((element) => equalsLiteral(element, literal));
  if (typeof value === 'number' && typeof literal === 'string') return value === numericValue(literal);
  if (typeof value === 'string' && typeof literal === 'number') return numericValue(value) === literal;
  return value === literal;
}

function containsLiteral(recordValue: unknown, literal: EventFilterLiteral): boolean {
  const value = comparable(recordValue);
  if (Array.isArray(value)) return value.some((element) => equalsLiteral(element, literal));
  return typeof value === 'string' && typeof literal === 'string' && value.includes(literal);
}

function satisfiesOrdering(
  recordValue: unknown,
  literal: EventFilterLiteral,
  holds: (order: number) => boolean,
): boolean {
  const value = comparable(recordValue);
  if (Array.isArray(value)) return value.some((element) => satisfiesOrdering(element, literal, holds));
  if (typeof value === 'string' && typeof literal === 'string') {
    return holds(value < literal ? -1 : value > literal ? 1 : 0);
  }
  const left = typeof value === 'string' && typeof literal === 'number' ? numericValue(value) : value;
  const right = typeof value === 'number' && typeof literal === 'string' ? numericValue(literal) : literal;
  if (typeof left !== 'number' || typeof right !== 'number' || Number.isNaN(left) || Number.isNaN(right))
    return false;
  return holds(left < right ? -1 : left > right ? 1 : 0);
}

function orderHolds(order: number, operator: '>' | '>=' | '<' | '<='): boolean {
  switch (operator) {
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
  }
}

/** Only plain decimal text counts as a number: not "", "0x10", "Infinity" or "1,000". */
const numericText = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

function numericValue(text: string): number | undefined {
  if (!numericText.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}
