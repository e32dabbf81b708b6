import { describe, expect, it } from 'vitest';
import { EventFilterSyntaxError } from './syntax-error.js';
import { type EventFilterToken, tokenizeEventFilter } from './tokens.js';

function summarize(tokens: EventFilterToken[]): [string, unknown][] {
  return tokens.map((token) => {
    switch (token.kind) {
      case 'field':
        return ['field', token.segments];
      case 'keyword':
        return ['keyword', token.keyword];
      case 'string':
      case 'number':
        return [token.kind, token.value];
      case 'symbol':
        return ['symbol', token.symbol];
      default:
        return [token.kind, token.text];
    }
  });
}

describe('tokenizeEventFilter', () => {
  it('reads the connector example', () => {
    const tokens = tokenizeEventFilter(
      '(stage in [ "closed", "won", "lost" ]) AND (sales_details.partner = "P1")',
    );
    expect(summarize(tokens)).toEqual([
      ['symbol', '('],
      ['field', ['stage']],
      ['keyword', 'in'],
      ['symbol', '['],
      ['string', 'closed'],
      ['symbol', ','],
      ['string', 'won'],
      ['symbol', ','],
      ['string', 'lost'],
      ['symbol', ']'],
      ['symbol', ')'],
      ['keyword', 'and'],
      ['symbol', '('],
      ['field', ['sales_details', 'partner']],
      ['symbol', '='],
      ['string', 'P1'],
      ['symbol', ')'],
      ['end', ''],
    ]);
  });

  it('records offsets and source text', () => {
    const [field, operator, value, end] = tokenizeEventFilter('  amount >= -12.5 ');
    expect(field).toMatchObject({ kind: 'field', position: 2, end: 8, text: 'amount' });
    expect(operator).toMatchObject({ kind: 'symbol', symbol: '>=', position: 9, end: 11 });
    expect(value).toMatchObject({ kind: 'number', value: -12.5, position: 12, end: 17, text: '-12.5' });
    // The end token sits right after the last token, not after trailing whitespace.
    expect(end).toMatchObject({ kind: 'end', position: 17 });
  });

  it('reads every comparison symbol, including without spaces', () => {
    expect(
      summarize(tokenizeEventFilter('a=1 b!=2 c>3 d>=4 e<5 f<=6')).filter(([kind]) => kind === 'symbol'),
    ).toEqual([
      ['symbol', '='],
      ['symbol', '!='],
      ['symbol', '>'],
      ['symbol', '>='],
      ['symbol', '<'],
      ['symbol', '<='],
    ]);
  });

  it('treats keywords case-insensitively and keeps the written text', () => {
    const tokens = tokenizeEventFilter('And oR nOt IN Contains EXISTS True FALSE Null');
    expect(summarize(tokens).slice(0, -1)).toEqual(
      ['and', 'or', 'not', 'in', 'contains', 'exists', 'true', 'false', 'null'].map((keyword) => [
        'keyword',
        keyword,
      ]),
    );
    expect(tokens[0]?.text).toBe('And');
  });

  it('reads field names with digits, underscores, dashes, dots and backticks', () => {
    expect(
      summarize(tokenizeEventFilter('_a1-b.c_2.0 `odd name`.`x.y` items.3.name andrew in.x `and`')),
    ).toEqual([
      ['field', ['_a1-b', 'c_2', '0']],
      ['field', ['odd name', 'x.y']],
      ['field', ['items', '3', 'name']],
      ['field', ['andrew']],
      ['field', ['in', 'x']],
      ['field', ['and']],
      ['end', ''],
    ]);
  });

  it('reads backtick escapes and empty backtick names', () => {
    expect(summarize(tokenizeEventFilter('`a\\`b\\\\c` ``'))).toEqual([
      ['field', ['a`b\\c']],
      ['field', ['']],
      ['end', ''],
    ]);
  });

  it('reads strings in both quote styles with escapes', () => {
    const tokens = tokenizeEventFilter(
      String.raw`"say \"hi\"" 'it\'s' "a\\b\/c\n\r\t\b\f" "\u00e9\u0041" 'mixed "quotes"' ""`,
    );
    expect(summarize(tokens).slice(0, -1)).toEqual([
      ['string', 'say "hi"'],
      ['string', "it's"],
      ['string', 'a\\b/c\n\r\t\b\f'],
      ['string', 'éA'],
      ['string', 'mixed "quotes"'],
      ['string', ''],
    ]);
  });

  it('reads integers, decimals, negatives and exponents', () => {
    const tokens = tokenizeEventFilter('0 42 -7 3.25 -0.5 1e3 2.5E-2 1e+21 -0 007');
    expect(summarize(tokens).slice(0, -1)).toEqual(
      [0, 42, -7, 3.25, -0.5, 1000, 0.025, 1e21, 0, 7].map((value) => ['number', value]),
    );
    expect(Object.is((tokens[8] as { value: number }).value, 0)).toBe(true);
  });

  it('turns characters that start no token into unknown tokens for the parser to report', () => {
    expect(summarize(tokenizeEventFilter('@ ! - . 😀 &&'))).toEqual([
      ['unknown', '@'],
      ['unknown', '!'],
      ['unknown', '-'],
      ['unknown', '.'],
      ['unknown', '😀'],
      ['unknown', '&'],
      ['unknown', '&'],
      ['end', ''],
    ]);
  });

  it('accepts any whitespace, including line breaks and tabs', () => {
    expect(summarize(tokenizeEventFilter('\ta\r\n=\n\u00a01'))).toEqual([
      ['field', ['a']],
      ['symbol', '='],
      ['number', 1],
      ['end', ''],
    ]);
  });

  it.each([
    ['"abc', 0, 'a closing quote (") for this string', 'end of input'],
    ["x = 'abc\ndef'", 4, "a closing quote (') for this string", 'end of line'],
    ['"a\\qb"', 2, 'a valid escape sequence', '"\\q"'],
    ['"a\\u12"', 2, 'a valid escape sequence', '"\\u"'],
    ['"a\\', 2, 'a valid escape sequence', 'end of input'],
    ['`abc', 0, 'a closing backtick (`) for this field name', 'end of input'],
    ['`a\\nb`', 2, 'a valid escape sequence', '"\\n"'],
    ['1.', 0, 'a valid number', '"1."'],
    ['1.2.3', 0, 'a valid number', '"1.2.3"'],
    ['12abc', 0, 'a valid number', '"12abc"'],
    ['1e', 0, 'a valid number', '"1e"'],
    ['1e400', 0, 'a valid number', '"1e400"'],
    ['a.', 2, 'a field name after "."', 'end of input'],
    ['a..b', 2, 'a field name after "."', '"."'],
    ['a. b', 2, 'a field name after "."', '" "'],
  ])('rejects %j at offset %i', (text, position, expected, found) => {
    const error = catchError(() => tokenizeEventFilter(text));
    expect(error).toBeInstanceOf(EventFilterSyntaxError);
    expect(error).toMatchObject({ position, expected, found });
  });
});

function catchError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
