import { describe, expect, it } from 'vitest';
import { describeEventFilter, type EventFilterExpression, parseEventFilter } from './index.js';

const canonical = (text: string): string => describeEventFilter(parseEventFilter(text));

describe('describeEventFilter', () => {
  it("prints the connector's example in canonical form", () => {
    expect(canonical('(stage in [ "closed", "won", "lost" ]) AND (sales_details.partner = "P1")')).toBe(
      'stage in ["closed", "won", "lost"] AND sales_details.partner = "P1"',
    );
  });

  it.each([
    ['a   =   1', 'a = 1'],
    ["stage != 'won'", 'stage != "won"'],
    ['n>-2.50', 'n > -2.5'],
    ['n >= 1E3', 'n >= 1000'],
    ['n <= 1e21', 'n <= 1e+21'],
    ['n < 0.0000001', 'n < 1e-7'],
    ['a = TRUE or b = False and c = NULL', 'a = true OR (b = false AND c = null)'],
    ['stage NOT IN ["a" ,"b"]', 'stage not in ["a", "b"]'],
    ['stage in []', 'stage in []'],
    ['name Contains "x"', 'name contains "x"'],
    ['name not CONTAINS "x"', 'name not contains "x"'],
    ['x EXISTS', 'x exists'],
    ['x Not Exists', 'x not exists'],
    ['not a = 1', 'NOT (a = 1)'],
    ['not not a = 1', 'NOT NOT (a = 1)'],
    ['NOT (a = 1 OR b = 2)', 'NOT (a = 1 OR b = 2)'],
    ['a = 1 OR b = 2 AND c = 3', 'a = 1 OR (b = 2 AND c = 3)'],
    ['(a = 1 OR b = 2) AND c = 3', '(a = 1 OR b = 2) AND c = 3'],
    ['(a = 1 AND b = 2) AND c = 3', '(a = 1 AND b = 2) AND c = 3'],
    ['a = 1 OR (b = 2 OR c = 3)', 'a = 1 OR (b = 2 OR c = 3)'],
    ['((a = 1))', 'a = 1'],
    ['s = "quote \\" backslash \\\\ tab \\t line \\n"', 's = "quote \\" backslash \\\\ tab \\t line \\n"'],
    ["s = 'it\\'s'", 's = "it\'s"'],
    ['s = "\\u0001"', 's = "\\u0001"'],
    ['`and` = 1', '`and` = 1'],
    ['`AND`.x = 1', 'AND.x = 1'],
    ['`plain` = 1', 'plain = 1'],
    ['`odd name`.`a.b`.`c\\`d` = 1', '`odd name`.`a.b`.`c\\`d` = 1'],
    ['items.0.name = 1', 'items.0.name = 1'],
    ['`0items` = 1', '`0items` = 1'],
    ['`` = 1', '`` = 1'],
    ['sales-details.partner_id = 1', 'sales-details.partner_id = 1'],
  ])('%s → %s', (text, expected) => {
    expect(canonical(text)).toBe(expected);
  });

  it.each([
    '(stage in [ "closed", "won", "lost" ]) AND (sales_details.partner = "P1")',
    'a = 1 OR b = 2 AND NOT c = 3 OR NOT (d exists AND e not exists)',
    '((a = 1 OR b = 2) OR c = 3) AND ((d = 4 AND e = 5) AND f = 6)',
    'NOT NOT NOT (x contains "y" OR NOT y not contains 5)',
    "amount >= -12.75 and closed_at < '2024-12-31T23:59:59Z' and owner = null and active != false",
    'tags in ["a", 1, true, null, -0.5] OR tags not in []',
    '`weird \\\\ name`.`with\\``.x = "emoji 😀 and \\u2028"',
    'x.y.z = "line\\nbreak" AND `in`.`not` = 1',
  ])('round-trips %s', (text) => {
    const expression = parseEventFilter(text);
    const described = describeEventFilter(expression);
    expect(parseEventFilter(described)).toEqual(expression);
    // The canonical form is a fixed point.
    expect(describeEventFilter(parseEventFilter(described))).toBe(described);
  });

  it('round-trips 200 levels of nesting', () => {
    const text = `${'(a = 1 AND (b = 2 OR '.repeat(100)}c = 3${'))'.repeat(100)}`;
    const expression = parseEventFilter(text);
    expect(parseEventFilter(describeEventFilter(expression))).toEqual(expression);
  });

  it('prints hand-built trees so that they parse back', () => {
    const expression: EventFilterExpression = {
      kind: 'and',
      operands: [
        {
          kind: 'or',
          operands: [
            { kind: 'exists', field: ['not'], negated: false },
            { kind: 'not', operand: { kind: 'exists', field: ['a', 'b c'], negated: true } },
          ],
        },
        { kind: 'comparison', field: ['true'], operator: '<=', value: 'z' },
      ],
    };
    const described = describeEventFilter(expression);
    expect(described).toBe('(`not` exists OR NOT (a.`b c` not exists)) AND `true` <= "z"');
    expect(parseEventFilter(described)).toEqual(expression);
  });
});
