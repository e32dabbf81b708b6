/**
 * Text from the API shown on a terminal: control characters (C0, DEL, C1) and the Unicode
 * direction overrides are written as escapes, so data can neither drive the terminal (clear the
 * screen, set the title, move the cursor) nor make one line read as another.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const unsafeCharacters = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const namedEscapes: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function escapeForTerminal(text: string): string {
  return text.replace(unsafeCharacters, (character) => {
    const named = namedEscapes[character];
    if (named) return named;
    const code = character.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
  });
}

/** The same for text of several lines written by the CLI itself: its own line breaks stay. */
export function escapeLinesForTerminal(text: string): string {
  return text.split('\n').map(escapeForTerminal).join('\n');
}
