import { EventFilterSyntaxError } from './syntax-error.js';

export type EventFilterKeyword =
  | 'and'
  | 'or'
  | 'not'
  | 'in'
  | 'contains'
  | 'exists'
  | 'true'
  | 'false'
  | 'null';

export type EventFilterSymbol = '(' | ')' | '[' | ']' | ',' | '=' | '!=' | '>' | '>=' | '<' | '<=';

const keywords: ReadonlySet<string> = new Set<EventFilterKeyword>([
  'and',
  'or',
  'not',
  'in',
  'contains',
  'exists',
  'true',
  'false',
  'null',
]);

interface TokenBase {
  /** 0-based offset of the first character. */
  position: number;
  /** 0-based offset just after the last character. */
  end: number;
  /** The source text of the token, as written. */
  text: string;
}

export type EventFilterToken =
  | (TokenBase & { kind: 'field'; segments: readonly string[] })
  | (TokenBase & { kind: 'keyword'; keyword: EventFilterKeyword })
  | (TokenBase & { kind: 'string'; value: string })
  | (TokenBase & { kind: 'number'; value: number })
  | (TokenBase & { kind: 'symbol'; symbol: EventFilterSymbol })
  | (TokenBase & { kind: 'unknown' })
  | (TokenBase & { kind: 'end' });

/** A bare field name segment: a letter or `_`, then letters, digits, `_` or `-`. */
export const identifierPattern = /^[\p{L}_][\p{L}\p{M}\p{Nd}_-]*$/u;
/** Segments after a dot may start with a digit, so array indexes like `items.0.name` work. */
export const laterSegmentPattern = /^[\p{L}\p{M}\p{Nd}_-]+$/u;

const identifierAt = /[\p{L}_][\p{L}\p{M}\p{Nd}_-]*/uy;
const laterSegmentAt = /[\p{L}\p{M}\p{Nd}_-]+/uy;
const numberAt = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const numberTailAt = /[\p{L}\p{M}\p{Nd}_.+-]*/uy;
const whitespace = /\s/;

const stringEscapes: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  '\\': '\\',
  '/': '/',
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
};

const backtickEscapes: Readonly<Record<string, string>> = { '`': '`', '\\': '\\' };

export function isEventFilterKeyword(word: string): boolean {
  return keywords.has(word.toLowerCase());
}

/** How a token is named in error messages. */
export function describeToken(token: EventFilterToken): string {
  if (token.kind === 'end') return 'end of input';
  const text = token.text.length > 30 ? `${token.text.slice(0, 29)}…` : token.text;
  return token.kind === 'string' ? text : `"${text}"`;
}

/**
 * Reads tokens on demand, so a bad character late in the text cannot hide an earlier
 * grammar mistake: errors come out in source order.
 */
export class EventFilterTokenizer {
  private offset = 0;
  private previousEnd = 0;
  private lookahead: EventFilterToken | undefined;

  constructor(readonly source: string) {}

  peek(): EventFilterToken {
    this.lookahead ??= this.read();
    return this.lookahead;
  }

  next(): EventFilterToken {
    const token = this.peek();
    this.lookahead = undefined;
    return token;
  }

  private read(): EventFilterToken {
    const source = this.source;
    while (this.offset < source.length && whitespace.test(source[this.offset] as string)) this.offset += 1;
    const start = this.offset;
    if (start >= source.length) {
      // Placed just after the last token, so "missing ..." errors point at the line where the text stops.
      return { kind: 'end', position: this.previousEnd, end: this.previousEnd, text: '' };
    }
    const token = this.readAt(start, source[start] as string);
    this.offset = token.end;
    this.previousEnd = token.end;
    return token;
  }

  private readAt(start: number, character: string): EventFilterToken {
    const source = this.source;
    const following = source[start + 1];
    switch (character) {
      case '(':
      case ')':
      case '[':
      case ']':
      case ',':
      case '=':
        return this.symbol(character, start, 1);
      case '>':
      case '<':
        return following === '=' ? this.symbol(`${character}=`, start, 2) : this.symbol(character, start, 1);
      case '!':
        if (following === '=') return this.symbol('!=', start, 2);
        break;
      case '"':
      case "'":
        return this.readString(start, character);
    }
    if (character === '-' || (character >= '0' && character <= '9')) {
      numberAt.lastIndex = start;
      if (numberAt.test(source)) return this.readNumber(start, numberAt.lastIndex);
    }
    identifierAt.lastIndex = start;
    if (character === '`' || identifierAt.test(source)) return this.readField(start);
    const codePoint = source.codePointAt(start) as number;
    const text = String.fromCodePoint(codePoint);
    return { kind: 'unknown', position: start, end: start + text.length, text };
  }

  private symbol(symbol: EventFilterSymbol, start: number, length: number): EventFilterToken {
    return { kind: 'symbol', symbol, position: start, end: start + length, text: symbol };
  }

  private readNumber(start: number, end: number): EventFilterToken {
    const source = this.source;
    numberTailAt.lastIndex = end;
    numberTailAt.test(source);
    const tailEnd = numberTailAt.lastIndex;
    const text = source.slice(start, tailEnd);
    const value = Number(source.slice(start, end));
    if (tailEnd > end || !Number.isFinite(value)) {
      throw new EventFilterSyntaxError({
        source,
        position: start,
        expected: 'a valid number',
        found: `"${text}"`,
      });
    }
    // -0 prints as "0", so keep the tree equal to what its description parses back to.
    return { kind: 'number', value: value === 0 ? 0 : value, position: start, end, text };
  }

  private readString(start: number, quote: string): EventFilterToken {
    const { value, end } = this.readQuoted(
      start,
      quote,
      stringEscapes,
      true,
      `a closing quote (${quote}) for this string`,
    );
    return { kind: 'string', value, position: start, end, text: this.source.slice(start, end) };
  }

  private readEscape(
    backslash: number,
    escapes: Readonly<Record<string, string>>,
    allowUnicode: boolean,
  ): { value: string; end: number } {
    const source = this.source;
    const code = source[backslash + 1];
    if (code !== undefined && Object.hasOwn(escapes, code)) {
      return { value: escapes[code] as string, end: backslash + 2 };
    }
    if (code === 'u' && allowUnicode) {
      const hex = source.slice(backslash + 2, backslash + 6);
      if (/^[0-9a-fA-F]{4}$/.test(hex)) {
        return { value: String.fromCharCode(Number.parseInt(hex, 16)), end: backslash + 6 };
      }
    }
    const shown = code === undefined || code === '\n' || code === '\r' ? '\\' : `\\${code}`;
    throw new EventFilterSyntaxError({
      source,
      position: backslash,
      expected: 'a valid escape sequence',
      found: code === undefined ? 'end of input' : `"${shown}"`,
    });
  }

  /** A dotted path of bare or `backtick-quoted` segments, or a keyword. */
  private readField(start: number): EventFilterToken {
    const source = this.source;
    const segments: string[] = [];
    let index = start;
    let quoted = false;
    for (;;) {
      if (source[index] === '`') {
        const segment = this.readBacktickSegment(index);
        segments.push(segment.value);
        index = segment.end;
        quoted = true;
      } else {
        const pattern = segments.length === 0 ? identifierAt : laterSegmentAt;
        pattern.lastIndex = index;
        if (!pattern.test(source)) {
          const found =
            index < source.length
              ? `"${String.fromCodePoint(source.codePointAt(index) as number)}"`
              : 'end of input';
          throw new EventFilterSyntaxError({
            source,
            position: index,
            expected: 'a field name after "."',
            found,
          });
        }
        segments.push(source.slice(index, pattern.lastIndex));
        index = pattern.lastIndex;
      }
      if (source[index] !== '.') break;
      index += 1;
    }
    const text = source.slice(start, index);
    const word = segments[0] as string;
    if (!quoted && segments.length === 1 && keywords.has(word.toLowerCase())) {
      return {
        kind: 'keyword',
        keyword: word.toLowerCase() as EventFilterKeyword,
        position: start,
        end: index,
        text,
      };
    }
    return { kind: 'field', segments, position: start, end: index, text };
  }

  private readBacktickSegment(start: number): { value: string; end: number } {
    return this.readQuoted(start, '`', backtickEscapes, false, 'a closing backtick (`) for this field name');
  }

  /** Text from the opening character at `start` to its closing match on the same line, escapes resolved. */
  private readQuoted(
    start: number,
    closing: string,
    escapes: Readonly<Record<string, string>>,
    allowUnicode: boolean,
    expected: string,
  ): { value: string; end: number } {
    const source = this.source;
    let value = '';
    let index = start + 1;
    while (index < source.length) {
      const character = source[index] as string;
      if (character === closing) return { value, end: index + 1 };
      if (character === '\n' || character === '\r') break;
      if (character === '\\') {
        const escaped = this.readEscape(index, escapes, allowUnicode);
        value += escaped.value;
        index = escaped.end;
      } else {
        value += character;
        index += 1;
      }
    }
    throw new EventFilterSyntaxError({
      source,
      position: start,
      expected,
      found: index < source.length ? 'end of line' : 'end of input',
    });
  }
}

/** All tokens of a filter text, ending with the `end` token. Throws on the first lexical error. */
export function tokenizeEventFilter(source: string): EventFilterToken[] {
  const tokenizer = new EventFilterTokenizer(source);
  const tokens: EventFilterToken[] = [];
  for (;;) {
    const token = tokenizer.next();
    tokens.push(token);
    if (token.kind === 'end') return tokens;
  }
}
