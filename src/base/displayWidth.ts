// Text measured and cut the way terminals draw it: by display columns (CJK and emoji take two, combining marks none), a whole grapheme at a time.
import stringWidth from 'string-width';

// Made at first use: the first Intl.Segmenter loads ICU's break rules, 10 to 20 ms that a command printing JSON never needs.
let segmenter: Intl.Segmenter | undefined;

/** The grapheme clusters of `text`: what a person sees as one character (an emoji sequence, a letter with its accents). */
export function graphemes(text: string): string[] {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return Array.from(segmenter.segment(text), (part) => part.segment);
}

/** How many terminal columns `text` takes (escape sequences count nothing). */
export function displayWidth(text: string): number {
  return stringWidth(text, { countAnsiEscapeCodes: false });
}

/** The longest start of `text` that fits in `width` columns, whole graphemes only. */
function headWithin(text: string, width: number): { head: string; headWidth: number; whole: boolean } {
  let head = '';
  let headWidth = 0;
  for (const grapheme of graphemes(text)) {
    const size = displayWidth(grapheme);
    if (headWidth + size > width) return { head, headWidth, whole: false };
    head += grapheme;
    headWidth += size;
  }
  return { head, headWidth, whole: true };
}

/**
 * `text` cut to at most `width` columns: when it is longer, its start and an ellipsis. A wide
 * character or an emoji that would straddle the edge is left out whole, never split.
 */
export function truncateToWidth(text: string, width: number): string {
  if (width <= 0) return '';
  if (displayWidth(text) <= width) return text;
  return `${headWithin(text, width - 1).head}…`;
}

/** `text` cut (with an ellipsis) or padded with spaces to exactly `width` columns. */
export function fitToWidth(text: string, width: number): string {
  return padEndToWidth(truncateToWidth(text, width), width);
}

/** Spaces after `text` up to `width` columns (nothing is cut). */
export function padEndToWidth(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** Spaces before `text` up to `width` columns (nothing is cut): right-aligned numbers. */
export function padStartToWidth(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}

/** `text` broken into lines of at most `width` columns, at spaces where it can be; a word longer than a line is cut between graphemes. */
export function wrapToWidth(text: string, width: number): string[] {
  const size = Math.max(1, width);
  const lines: string[] = [];
  for (const paragraph of text.split(/\n+/)) {
    let line = '';
    let lineWidth = 0;
    for (const word of paragraph.split(/\s+/).filter((part) => part !== '')) {
      let rest = word;
      let restWidth = displayWidth(word);
      if (line !== '' && lineWidth + 1 + restWidth <= size) {
        line += ` ${rest}`;
        lineWidth += 1 + restWidth;
        continue;
      }
      if (line !== '') lines.push(line);
      while (restWidth > size) {
        const { head, headWidth } = headWithin(rest, size);
        // A grapheme wider than the whole line (an emoji in a one-column line) goes on a line of its own.
        const taken = head === '' ? graphemes(rest)[0] ?? '' : head;
        lines.push(taken);
        rest = rest.slice(taken.length);
        restWidth -= head === '' ? displayWidth(taken) : headWidth;
      }
      line = rest;
      lineWidth = restWidth;
    }
    if (line !== '') lines.push(line);
  }
  return lines;
}
