/**
 * Recursive-descent parser for the event filter language.
 *
 *   filter     = or-expr end
 *   or-expr    = and-expr { "OR" and-expr }
 *   and-expr   = not-expr { "AND" not-expr }
 *   not-expr   = "NOT" not-expr | primary
 *   primary    = "(" or-expr ")" | condition
 *   condition  = field ( ("=" | "!=") value
 *                      | (">" | ">=" | "<" | "<=") (string | number)
 *                      | ["not"] "in" "[" [ value { "," value } ] "]"
 *                      | ["not"] "contains" value
 *                      | ["not"] "exists" )
 *   field      = segment { "." segment }      segment = identifier | `backtick quoted`
 *   value      = string | number | "true" | "false" | "null"
 *
 * Keywords are case-insensitive.
 */

import { EventFilterSyntaxError, locateEventFilterPosition } from './syntax-error.js';
import type { EventFilterExpression, EventFilterLiteral } from './syntax-tree.js';
import {
  describeToken,
  type EventFilterKeyword,
  type EventFilterToken,
  EventFilterTokenizer,
} from './tokens.js';

/** Deeper nesting is refused with a syntax error rather than overflowing the stack. */
export const maximumEventFilterNesting = 1000;

/** Parses filter text into an expression tree; throws EventFilterSyntaxError on malformed text. */
export function parseEventFilter(text: string): EventFilterExpression {
  if (typeof text !== 'string') throw new TypeError('The event filter must be a string');
  return new Parser(text).parseFilter();
}

class Parser {
  private readonly tokens: EventFilterTokenizer;
  private nesting = 0;

  constructor(private readonly source: string) {
    this.tokens = new EventFilterTokenizer(source);
  }

  parseFilter(): EventFilterExpression {
    const expression = this.parseOr('');
    const token = this.tokens.peek();
    if (token.kind !== 'end') {
      const unmatched = token.kind === 'symbol' && token.symbol === ')';
      this.fail(
        token,
        unmatched ? 'end of filter (this ")" has no matching "(")' : 'AND, OR or end of filter',
      );
    }
    return expression;
  }

  /** `context` says what came before, for messages like `a condition after "AND"`. */
  private parseOr(context: string): EventFilterExpression {
    const operands = [this.parseAnd(context)];
    for (;;) {
      const token = this.tokens.peek();
      if (!this.isKeyword(token, 'or')) break;
      this.tokens.next();
      operands.push(this.parseAnd(`after "${token.text}"`));
    }
    return operands.length === 1 ? (operands[0] as EventFilterExpression) : { kind: 'or', operands };
  }

  private parseAnd(context: string): EventFilterExpression {
    const operands = [this.parseNot(context)];
    for (;;) {
      const token = this.tokens.peek();
      if (!this.isKeyword(token, 'and')) break;
      this.tokens.next();
      operands.push(this.parseNot(`after "${token.text}"`));
    }
    return operands.length === 1 ? (operands[0] as EventFilterExpression) : { kind: 'and', operands };
  }

  private parseNot(context: string): EventFilterExpression {
    const token = this.tokens.peek();
    if (!this.isKeyword(token, 'not')) return this.parsePrimary(context);
    this.tokens.next();
    this.enter(token);
    const operand = this.parseNot(`after "${token.text}"`);
    this.nesting -= 1;
    return { kind: 'not', operand };
  }

  private parsePrimary(context: string): EventFilterExpression {
    const token = this.tokens.peek();
    if (token.kind === 'field') {
      this.tokens.next();
      return this.parseCondition(token);
    }
    if (token.kind === 'symbol' && token.symbol === '(') {
      this.tokens.next();
      this.enter(token);
      const expression = this.parseOr('after "("');
      const closing = this.tokens.peek();
      if (closing.kind === 'symbol' && closing.symbol === ')') {
        this.tokens.next();
        this.nesting -= 1;
        return expression;
      }
      this.fail(closing, closing.kind === 'end' ? this.closeExpectation(')', token) : 'AND, OR or ")"');
    }
    const expected = context === '' ? 'a condition' : `a condition ${context}`;
    // A quoted field name is the most common slip; say how to write one.
    this.fail(
      token,
      token.kind === 'string' ? `${expected} (write field names without quotes, or in backticks)` : expected,
    );
  }

  private parseCondition(field: Extract<EventFilterToken, { kind: 'field' }>): EventFilterExpression {
    const segments = field.segments;
    const operator = this.tokens.next();
    if (operator.kind === 'symbol') {
      switch (operator.symbol) {
        case '=':
        case '!=':
          return {
            kind: 'comparison',
            field: segments,
            operator: operator.symbol,
            value: this.parseValue(operator),
          };
        case '>':
        case '>=':
        case '<':
        case '<=':
          return {
            kind: 'comparison',
            field: segments,
            operator: operator.symbol,
            value: this.parseOrderedValue(operator),
          };
      }
    }
    if (operator.kind === 'keyword') {
      const negated = operator.keyword === 'not';
      const keyword = negated ? this.tokens.next() : operator;
      if (keyword.kind === 'keyword') {
        switch (keyword.keyword) {
          case 'in':
            return { kind: 'in', field: segments, values: this.parseList(keyword), negated };
          case 'contains':
            return { kind: 'contains', field: segments, value: this.parseValue(keyword), negated };
          case 'exists':
            return { kind: 'exists', field: segments, negated };
        }
      }
      if (negated) this.fail(keyword, `"in", "contains" or "exists" after "${operator.text}"`);
    }
    return this.fail(operator, `an operator after ${describeToken(field)}`);
  }

  private parseValue(after: EventFilterToken): EventFilterLiteral {
    const token = this.tokens.next();
    switch (token.kind) {
      case 'string':
      case 'number':
        return token.value;
      case 'keyword':
        if (token.keyword === 'true') return true;
        if (token.keyword === 'false') return false;
        if (token.keyword === 'null') return null;
        break;
    }
    const expected = `a value after "${after.text}"`;
    return this.fail(token, token.kind === 'field' ? `${expected} (text values need quotes)` : expected);
  }

  /** Ordering only makes sense against numbers and strings (e.g. ISO dates). */
  private parseOrderedValue(after: EventFilterToken): string | number {
    const token = this.tokens.peek();
    const value = this.parseValue(after);
    if (typeof value === 'string' || typeof value === 'number') return value;
    return this.fail(token, `a number or string after "${after.text}"`);
  }

  private parseList(after: EventFilterToken): EventFilterLiteral[] {
    const opening = this.tokens.next();
    if (opening.kind !== 'symbol' || opening.symbol !== '[') this.fail(opening, `"[" after "${after.text}"`);
    const values: EventFilterLiteral[] = [];
    const first = this.tokens.peek();
    if (first.kind === 'symbol' && first.symbol === ']') {
      this.tokens.next();
      return values;
    }
    values.push(this.parseValue(opening));
    for (;;) {
      const separator = this.tokens.next();
      if (separator.kind === 'symbol' && separator.symbol === ']') return values;
      if (separator.kind === 'symbol' && separator.symbol === ',') {
        values.push(this.parseValue(separator));
        continue;
      }
      this.fail(separator, separator.kind === 'end' ? this.closeExpectation(']', opening) : '"," or "]"');
    }
  }

  private isKeyword(token: EventFilterToken, keyword: EventFilterKeyword): boolean {
    return token.kind === 'keyword' && token.keyword === keyword;
  }

  private enter(token: EventFilterToken): void {
    this.nesting += 1;
    if (this.nesting > maximumEventFilterNesting) {
      this.fail(token, `at most ${maximumEventFilterNesting} nested parentheses and NOTs`);
    }
  }

  private closeExpectation(closing: string, opening: EventFilterToken): string {
    const location = locateEventFilterPosition(this.source, opening.position);
    return `"${closing}" to close the "${opening.text}" from line ${location.line}, column ${location.column}`;
  }

  private fail(token: EventFilterToken, expected: string): never {
    throw new EventFilterSyntaxError({
      source: this.source,
      position: token.position,
      expected,
      found: describeToken(token),
    });
  }
}
