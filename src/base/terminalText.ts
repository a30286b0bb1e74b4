// Text from outside (a server's titles and summaries, a plugin's strings) made safe to print on a terminal: no escape sequence, no control character.
import stripAnsi from 'strip-ansi';

// C0 and C1 controls and DEL: each could move the cursor, ring, or start a sequence of its own.
const controlCharacters = /[\u0000-\u001f\u007f-\u009f]/g;
// Line and paragraph separators and bidi overrides/isolates, which would break a row or reorder the columns around it.
const layoutCharacters = /[\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` as one line that cannot drive the terminal: escape sequences (colours, OSC titles, screen
 * clears) are removed, whitespace runs (tabs, newlines) become one space, and any other control
 * character is dropped. Printable text, right-to-left scripts included, is kept as it is.
 */
export function terminalLine(text: string): string {
  return stripAnsi(text)
    .replace(/[\t\n\v\f\r\u0085\u2028\u2029]+/g, ' ')
    .replace(controlCharacters, '')
    .replace(layoutCharacters, '');
}

/** Like `terminalLine`, but line breaks are kept (a summary's paragraphs); other whitespace controls become spaces. */
export function terminalParagraphs(text: string): string {
  return text
    .split(/\r\n|[\n\r\u2028\u2029]/)
    .map(terminalLine)
    .join('\n');
}
