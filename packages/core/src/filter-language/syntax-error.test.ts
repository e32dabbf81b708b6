import { describe, expect, it } from 'vitest';
import { EventFilterSyntaxError, parseEventFilter } from './index.js';
import { locateEventFilterPosition } from './syntax-error.js';

function syntaxErrorOf(text: string): EventFilterSyntaxError {
  try {
    parseEventFilter(text);
  } catch (error) {
    if (error instanceof EventFilterSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe('EventFilterSyntaxError', () => {
  it('is an Error with its own name', () => {
    const error = syntaxErrorOf('(stage = )');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('EventFilterSyntaxError');
  });

  it('says what was expected and where, then shows the line with a caret', () => {
    const error = syntaxErrorOf('(stage = )');
    expect(error).toMatchObject({
      position: 9,
      line: 1,
      column: 10,
      expected: 'a value after "="',
      found: '")"',
    });
    expect(error.message).toBe(
      'Expected a value after "=" at line 1, column 10:\n  (stage = )\n           ^',
    );
  });

  it('shows only the offending line of a multi-line filter', () => {
    const error = syntaxErrorOf('stage = "won"\nAND amount >\nOR x = 1');
    expect(error).toMatchObject({
      position: 27,
      line: 3,
      column: 1,
      expected: 'a value after ">"',
      found: '"OR"',
    });
    expect(error.message).toBe('Expected a value after ">" at line 3, column 1:\n  OR x = 1\n  ^');
  });

  it('counts "\\r\\n" as one line break', () => {
    expect(syntaxErrorOf('a = 1 AND\r\n  b = \r\n  AND c = 2')).toMatchObject({
      position: 21,
      line: 3,
      column: 3,
    });
  });

  it('keeps tabs in the caret line so it lines up', () => {
    expect(syntaxErrorOf('a = 1 AND\tb ~ 1').message).toBe(
      'Expected an operator after "b" at line 1, column 13:\n  a = 1 AND\tb ~ 1\n           \t  ^',
    );
  });

  it('shows a window of very long lines', () => {
    const text = `${'x'.repeat(150)} = `;
    const error = syntaxErrorOf(text);
    expect(error).toMatchObject({ position: 152, column: 153 });
    const [, shown, caret] = error.message.split('\n');
    expect(shown).toBe(`  …${'x'.repeat(77)} = `);
    expect(caret).toBe(`  ${' '.repeat(80)}^`);
  });

  describe('reports each mistake at the right place', () => {
    it.each([
      // Empty input
      ['', 0, 1, 1, 'a condition', 'end of input'],
      ['  \n\t ', 0, 1, 1, 'a condition', 'end of input'],
      // Unterminated strings and backticks point at the opening quote
      ['stage = "closed', 8, 1, 9, 'a closing quote (") for this string', 'end of input'],
      ["a = 1 AND\nstage = 'won\n", 18, 2, 9, "a closing quote (') for this string", 'end of line'],
      ['`sales details = 1', 0, 1, 1, 'a closing backtick (`) for this field name', 'end of input'],
      ['a = "bad \\x escape"', 9, 1, 10, 'a valid escape sequence', '"\\x"'],
      // Unknown characters, reported with what the parser wanted there
      ['stage = @', 8, 1, 9, 'a value after "="', '"@"'],
      ['stage @ "x"', 6, 1, 7, 'an operator after "stage"', '"@"'],
      ['a = 1 && b = 2', 6, 1, 7, 'AND, OR or end of filter', '"&"'],
      ['#a = 1', 0, 1, 1, 'a condition', '"#"'],
      ['a == 1', 3, 1, 4, 'a value after "="', '"="'],
      // Bad numbers and field paths
      ['a = 1.', 4, 1, 5, 'a valid number', '"1."'],
      ['a = 10abc', 4, 1, 5, 'a valid number', '"10abc"'],
      ['sales_details. = 1', 14, 1, 15, 'a field name after "."', '" "'],
      // Missing values and operators
      ['stage', 5, 1, 6, 'an operator after "stage"', 'end of input'],
      ['stage "won"', 6, 1, 7, 'an operator after "stage"', '"won"'],
      ['stage = ', 7, 1, 8, 'a value after "="', 'end of input'],
      ['stage = won', 8, 1, 9, 'a value after "=" (text values need quotes)', '"won"'],
      ['amount > true', 9, 1, 10, 'a number or string after ">"', '"true"'],
      ['stage not "won"', 10, 1, 11, '"in", "contains" or "exists" after "not"', '"won"'],
      ['stage contains', 14, 1, 15, 'a value after "contains"', 'end of input'],
      [
        '"stage" = "won"',
        0,
        1,
        1,
        'a condition (write field names without quotes, or in backticks)',
        '"stage"',
      ],
      ['in = 1', 0, 1, 1, 'a condition', '"in"'],
      // Lists
      ['stage in "won"', 9, 1, 10, '"[" after "in"', '"won"'],
      ['stage not in ("won")', 13, 1, 14, '"[" after "in"', '"("'],
      ['stage in ["won",]', 16, 1, 17, 'a value after ","', '"]"'],
      ['stage in [,]', 10, 1, 11, 'a value after "["', '","'],
      ['stage in ["won" "lost"]', 16, 1, 17, '"," or "]"', '"lost"'],
      ['stage in ["won", "lost"', 23, 1, 24, '"]" to close the "[" from line 1, column 10', 'end of input'],
      [
        'stage in [\n  "won",\n  "lost"\n',
        28,
        3,
        9,
        '"]" to close the "[" from line 1, column 10',
        'end of input',
      ],
      // Parentheses
      ['(stage = "won"', 14, 1, 15, '")" to close the "(" from line 1, column 1', 'end of input'],
      ['a = 1 AND ((b = 2)', 18, 1, 19, '")" to close the "(" from line 1, column 11', 'end of input'],
      ['(stage = "won" amount > 1)', 15, 1, 16, 'AND, OR or ")"', '"amount"'],
      ['stage = "won")', 13, 1, 14, 'end of filter (this ")" has no matching "(")', '")"'],
      ['()', 1, 1, 2, 'a condition after "("', '")"'],
      // Trailing input
      ['stage = "won" amount > 1', 14, 1, 15, 'AND, OR or end of filter', '"amount"'],
      ['a = 1 NOT b = 2', 6, 1, 7, 'AND, OR or end of filter', '"NOT"'],
      // Dangling and doubled boolean operators
      ['stage = "won" AND', 17, 1, 18, 'a condition after "AND"', 'end of input'],
      ['stage = "won" or\n\n', 16, 1, 17, 'a condition after "or"', 'end of input'],
      ['AND stage = "won"', 0, 1, 1, 'a condition', '"AND"'],
      ['a = 1 AND OR b = 2', 10, 1, 11, 'a condition after "AND"', '"OR"'],
      ['a = 1 AND (OR b = 2)', 11, 1, 12, 'a condition after "("', '"OR"'],
      ['NOT', 3, 1, 4, 'a condition after "NOT"', 'end of input'],
      ['a = 1 AND NOT', 13, 1, 14, 'a condition after "NOT"', 'end of input'],
    ])('%j', (text, position, line, column, expected, found) => {
      const error = syntaxErrorOf(text);
      expect({
        position: error.position,
        line: error.line,
        column: error.column,
        expected: error.expected,
        found: error.found,
      }).toEqual({ position, line, column, expected, found });
      expect(error.message.startsWith(`Expected ${expected} at line ${line}, column ${column}:\n`)).toBe(
        true,
      );
    });
  });

  it('reports the first mistake in reading order', () => {
    // The bad character further on must not hide the missing value before it.
    expect(syntaxErrorOf('a = AND b = @')).toMatchObject({ position: 4, expected: 'a value after "="' });
  });

  it('shortens long found text', () => {
    expect(syntaxErrorOf(`a = 1 ${'b'.repeat(50)} = 2`).found).toBe(`"${'b'.repeat(29)}…"`);
  });
});

describe('locateEventFilterPosition', () => {
  it('handles every kind of line break', () => {
    const text = 'one\ntwo\r\nthree\rfour';
    expect(locateEventFilterPosition(text, 0)).toEqual({ line: 1, column: 1, lineText: 'one' });
    expect(locateEventFilterPosition(text, 5)).toEqual({ line: 2, column: 2, lineText: 'two' });
    expect(locateEventFilterPosition(text, 9)).toEqual({ line: 3, column: 1, lineText: 'three' });
    expect(locateEventFilterPosition(text, 15)).toEqual({ line: 4, column: 1, lineText: 'four' });
    expect(locateEventFilterPosition(text, 19)).toEqual({ line: 4, column: 5, lineText: 'four' });
  });
});
