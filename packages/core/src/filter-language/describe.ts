import type { EventFilterExpression, EventFilterFieldPath, EventFilterLiteral } from './syntax-tree.js';
import { identifierPattern, isEventFilterKeyword, laterSegmentPattern } from './tokens.js';

/**
 * Prints an expression in canonical form: upper-case AND/OR/NOT, lower-case operator keywords,
 * double-quoted strings. Parentheses are added around an AND group inside an OR, and around any
 * NOT operand, so readers see how the filter was grouped; a nested group of the same kind keeps
 * its parentheses. Parsing the result gives back an equal tree.
 */
export function describeEventFilter(expression: EventFilterExpression): string {
  switch (expression.kind) {
    case 'or':
      return expression.operands.map((operand) => describeOperand(operand, 'or')).join(' OR ');
    case 'and':
      return expression.operands.map((operand) => describeOperand(operand, 'and')).join(' AND ');
    case 'not':
      return `NOT ${describeOperand(expression.operand, 'not')}`;
    case 'comparison':
      return `${describeField(expression.field)} ${expression.operator} ${describeLiteral(expression.value)}`;
    case 'in':
      return `${describeField(expression.field)} ${expression.negated ? 'not in' : 'in'} [${expression.values.map(describeLiteral).join(', ')}]`;
    case 'contains':
      return `${describeField(expression.field)} ${expression.negated ? 'not contains' : 'contains'} ${describeLiteral(expression.value)}`;
    case 'exists':
      return `${describeField(expression.field)} ${expression.negated ? 'not exists' : 'exists'}`;
  }
}

function describeOperand(operand: EventFilterExpression, parent: 'and' | 'or' | 'not'): string {
  const text = describeEventFilter(operand);
  const bare = parent === 'not' ? operand.kind === 'not' : operand.kind !== 'and' && operand.kind !== 'or';
  return bare ? text : `(${text})`;
}

function describeField(field: EventFilterFieldPath): string {
  return field
    .map((segment, index) => {
      const bare =
        index === 0
          ? identifierPattern.test(segment) && (field.length > 1 || !isEventFilterKeyword(segment))
          : laterSegmentPattern.test(segment);
      return bare ? segment : `\`${segment.replace(/[\\`]/g, (character) => `\\${character}`)}\``;
    })
    .join('.');
}

function describeLiteral(literal: EventFilterLiteral): string {
  // JSON string escapes are a subset of the filter's string escapes, so this reads back exactly.
  if (typeof literal === 'string') return JSON.stringify(literal);
  return String(literal);
}
