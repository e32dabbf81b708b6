import { describe, expect, it } from 'vitest';
import { EventFilterSyntaxError, maximumEventFilterNesting, parseEventFilter } from './index.js';
import type { EventFilterExpression } from './syntax-tree.js';

const equals = (field: string, value: string | number | boolean | null): EventFilterExpression => ({
  kind: 'comparison',
  field: field.split('.'),
  operator: '=',
  value,
});

describe('parseEventFilter', () => {
  it("parses the connector's example", () => {
    expect(
      parseEventFilter('(stage in [ "closed", "won", "lost" ]) AND (sales_details.partner = "P1")'),
    ).toEqual({
      kind: 'and',
      operands: [
        { kind: 'in', field: ['stage'], values: ['closed', 'won', 'lost'], negated: false },
        { kind: 'comparison', field: ['sales_details', 'partner'], operator: '=', value: 'P1' },
      ],
    });
  });

  it.each(['=', '!=', '>', '>=', '<', '<='] as const)('parses the %s comparison', (operator) => {
    expect(parseEventFilter(`amount ${operator} 10`)).toEqual({
      kind: 'comparison',
      field: ['amount'],
      operator,
      value: 10,
    });
  });

  it('parses every kind of value', () => {
    expect(parseEventFilter(`a = "x"`)).toEqual(equals('a', 'x'));
    expect(parseEventFilter(`a = 'x'`)).toEqual(equals('a', 'x'));
    expect(parseEventFilter('a = -3.5')).toEqual(equals('a', -3.5));
    expect(parseEventFilter('a = TRUE')).toEqual(equals('a', true));
    expect(parseEventFilter('a = false')).toEqual(equals('a', false));
    expect(parseEventFilter('a = Null')).toEqual(equals('a', null));
  });

  it('allows strings and numbers, but not booleans or null, in ordering comparisons', () => {
    expect(parseEventFilter('closed_at >= "2024-01-01"')).toMatchObject({
      operator: '>=',
      value: '2024-01-01',
    });
    expect(() => parseEventFilter('a < null')).toThrow(EventFilterSyntaxError);
    expect(() => parseEventFilter('a > false')).toThrow(EventFilterSyntaxError);
  });

  it('parses in and not in lists, including empty and mixed lists', () => {
    expect(parseEventFilter('stage IN ["a", 1, true, null]')).toEqual({
      kind: 'in',
      field: ['stage'],
      values: ['a', 1, true, null],
      negated: false,
    });
    expect(parseEventFilter('stage Not In []')).toEqual({
      kind: 'in',
      field: ['stage'],
      values: [],
      negated: true,
    });
    expect(parseEventFilter('stage in ["a"]')).toMatchObject({ values: ['a'] });
  });

  it('parses contains, not contains, exists and not exists', () => {
    expect(parseEventFilter('name CONTAINS "acme"')).toEqual({
      kind: 'contains',
      field: ['name'],
      value: 'acme',
      negated: false,
    });
    expect(parseEventFilter('tags not contains 3')).toEqual({
      kind: 'contains',
      field: ['tags'],
      value: 3,
      negated: true,
    });
    expect(parseEventFilter('owner.email exists')).toEqual({
      kind: 'exists',
      field: ['owner', 'email'],
      negated: false,
    });
    expect(parseEventFilter('owner NOT EXISTS')).toEqual({ kind: 'exists', field: ['owner'], negated: true });
  });

  it('parses backtick field names, including keywords and names with dots', () => {
    expect(parseEventFilter('`in` = 1')).toEqual(equals('in', 1));
    expect(parseEventFilter('`sales details`.`partner.id` = "P1"')).toEqual({
      kind: 'comparison',
      field: ['sales details', 'partner.id'],
      operator: '=',
      value: 'P1',
    });
  });

  it('treats AND, OR and NOT case-insensitively', () => {
    expect(parseEventFilter('a = 1 and b = 2 Or not c = 3')).toEqual(
      parseEventFilter('a = 1 AND b = 2 OR NOT c = 3'),
    );
  });

  describe('precedence: NOT binds tighter than AND, AND tighter than OR', () => {
    it('groups AND before OR', () => {
      expect(parseEventFilter('a = 1 OR b = 2 AND c = 3')).toEqual({
        kind: 'or',
        operands: [equals('a', 1), { kind: 'and', operands: [equals('b', 2), equals('c', 3)] }],
      });
      expect(parseEventFilter('a = 1 AND b = 2 OR c = 3')).toEqual({
        kind: 'or',
        operands: [{ kind: 'and', operands: [equals('a', 1), equals('b', 2)] }, equals('c', 3)],
      });
    });

    it('applies NOT to the next condition only', () => {
      expect(parseEventFilter('NOT a = 1 AND b = 2')).toEqual({
        kind: 'and',
        operands: [{ kind: 'not', operand: equals('a', 1) }, equals('b', 2)],
      });
      expect(parseEventFilter('NOT NOT a = 1')).toEqual({
        kind: 'not',
        operand: { kind: 'not', operand: equals('a', 1) },
      });
    });

    it('lets parentheses override precedence', () => {
      expect(parseEventFilter('(a = 1 OR b = 2) AND c = 3')).toEqual({
        kind: 'and',
        operands: [{ kind: 'or', operands: [equals('a', 1), equals('b', 2)] }, equals('c', 3)],
      });
      expect(parseEventFilter('NOT (a = 1 OR b = 2)')).toEqual({
        kind: 'not',
        operand: { kind: 'or', operands: [equals('a', 1), equals('b', 2)] },
      });
    });

    it('keeps a chain of the same operator in one node, and explicit groups as written', () => {
      expect(parseEventFilter('a = 1 AND b = 2 AND c = 3')).toEqual({
        kind: 'and',
        operands: [equals('a', 1), equals('b', 2), equals('c', 3)],
      });
      expect(parseEventFilter('(a = 1 AND b = 2) AND c = 3')).toEqual({
        kind: 'and',
        operands: [{ kind: 'and', operands: [equals('a', 1), equals('b', 2)] }, equals('c', 3)],
      });
    });
  });

  it('ignores redundant parentheses around a condition', () => {
    expect(parseEventFilter('((((a = 1))))')).toEqual(equals('a', 1));
  });

  it('reads filters spread over several lines', () => {
    const text = [
      '(',
      '  stage in [',
      '    "closed",',
      '    "won"',
      '  ]',
      ')',
      'AND',
      '\tsales_details.partner = "P1"',
      '',
    ].join('\r\n');
    expect(parseEventFilter(text)).toEqual(
      parseEventFilter('stage in ["closed", "won"] AND sales_details.partner = "P1"'),
    );
  });

  it('parses 200 levels of parentheses', () => {
    const depth = 200;
    const text = `${'('.repeat(depth)}a = 1${')'.repeat(depth)}`;
    expect(parseEventFilter(text)).toEqual(equals('a', 1));
    const grouped = `${'(a = 1 AND '.repeat(depth)}b = 2${')'.repeat(depth)}`;
    let expression = parseEventFilter(grouped);
    for (let level = 0; level < depth; level += 1) {
      if (expression.kind !== 'and') throw new Error(`expected an AND node at level ${level}`);
      expression = expression.operands[1] as EventFilterExpression;
    }
    expect(expression).toEqual(equals('b', 2));
  });

  it('parses long flat chains without deep recursion', () => {
    const conditions = Array.from({ length: 10_000 }, (_, index) => `field_${index} = ${index}`);
    const expression = parseEventFilter(conditions.join(' OR '));
    expect(expression.kind === 'or' && expression.operands.length).toBe(10_000);
  });

  it('refuses nesting deeper than the limit with a syntax error instead of a stack overflow', () => {
    const depth = maximumEventFilterNesting;
    expect(() => parseEventFilter(`${'('.repeat(depth)}a = 1${')'.repeat(depth)}`)).not.toThrow();
    const tooDeep = `${'('.repeat(depth + 1)}a = 1${')'.repeat(depth + 1)}`;
    expect(() => parseEventFilter(tooDeep)).toThrow(
      expect.objectContaining({
        name: 'EventFilterSyntaxError',
        position: depth,
        expected: 'at most 1000 nested parentheses and NOTs',
      }),
    );
    expect(() => parseEventFilter(`${'NOT '.repeat(depth + 1)}a = 1`)).toThrow(EventFilterSyntaxError);
  });

  it('rejects a filter that is not a string', () => {
    expect(() => parseEventFilter(undefined as unknown as string)).toThrow(TypeError);
  });
});
