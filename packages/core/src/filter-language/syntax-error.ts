import { WorkSpanError } from '../errors.js';

/** Lines longer than this are shown as a window around the error, so messages stay readable. */
const longestShownLine = 100;
const windowBeforeCaret = 40;
const windowWidth = 80;

export interface EventFilterSyntaxErrorDetails {
  /** The whole filter text, used to work out the line, column and excerpt. */
  source: string;
  /** 0-based offset into `source` where the problem is. */
  position: number;
  /** Short description of what should have been there, e.g. `a value after "="`. */
  expected: string;
  /** What was there instead, e.g. `")"` or `end of input`. */
  found: string;
}

/** A filter text that does not follow the event filter grammar; a WorkSpan error like the others. */
export class EventFilterSyntaxError extends WorkSpanError {
  static override readonly kind: string = 'EventFilterSyntaxError';
  /** 0-based offset into the filter text. */
  readonly position: number;
  /** 1-based line number. */
  readonly line: number;
  /** 1-based column, counted in UTF-16 code units like the offset. */
  readonly column: number;
  readonly expected: string;
  readonly found: string;

  constructor(details: EventFilterSyntaxErrorDetails) {
    const location = locateEventFilterPosition(details.source, details.position);
    super(
      `Expected ${details.expected} at line ${location.line}, column ${location.column}:\n` +
        excerpt(location.lineText, location.column - 1),
      { code: 'validation', hint: 'Correct the event filter; nothing was sent to WorkSpan.' },
    );
    this.position = details.position;
    this.line = location.line;
    this.column = location.column;
    this.expected = details.expected;
    this.found = details.found;
  }
}

export interface EventFilterLocation {
  /** 1-based line number. */
  line: number;
  /** 1-based column. */
  column: number;
  /** The text of that line, without its line break. */
  lineText: string;
}

/** Line, column and line text of a 0-based offset; "\r\n", "\n" and "\r" all end a line. */
export function locateEventFilterPosition(source: string, position: number): EventFilterLocation {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < position && index < source.length; index += 1) {
    const character = source[index];
    // "\r\n" counts once, at its "\n".
    if (character === '\n' || (character === '\r' && source[index + 1] !== '\n')) {
      line += 1;
      lineStart = index + 1;
    }
  }
  let lineEnd = lineStart;
  while (lineEnd < source.length && source[lineEnd] !== '\n' && source[lineEnd] !== '\r') lineEnd += 1;
  return { line, column: position - lineStart + 1, lineText: source.slice(lineStart, lineEnd) };
}

function excerpt(lineText: string, caretIndex: number): string {
  let shown = lineText;
  let caretAt = caretIndex;
  if (lineText.length > longestShownLine) {
    const start = Math.max(0, Math.min(caretIndex - windowBeforeCaret, lineText.length - windowWidth));
    const end = Math.min(lineText.length, start + windowWidth);
    const prefix = start > 0 ? '…' : '';
    shown = prefix + lineText.slice(start, end) + (end < lineText.length ? '…' : '');
    caretAt = caretIndex - start + prefix.length;
  }
  // Keep tabs so the caret lines up however the reader's terminal renders them.
  const padding = shown.slice(0, caretAt).replace(/[^\t]/g, ' ');
  return `  ${shown}\n  ${padding}^`;
}
