// Lets blessed 0.1.81 give every grapheme the columns the terminal gives it: emoji, flags, ZWJ sequences and accented letters included.
import type { Widgets } from 'blessed';
import { displayWidth, graphemes } from '../../base/displayWidth.js';

/*
 * blessed lays text out one UTF-16 unit per cell: it cuts a line after `width` units (so an emoji,
 * two units, is cut in half and drawn as U+FFFD), puts each code point of a ZWJ sequence or a flag in
 * a cell of its own, and only knows the wide characters of an old Unicode table. The terminal draws
 * whole graphemes at the width string-width reports. So every grapheme blessed would get wrong goes
 * into blessed as one private-use character (one unit, one cell; wide ones get blessed's filler cell
 * after them) and the screen's output turns each back into its grapheme on the way to the terminal.
 */
const wideFirst = 0xe000;
const wideLast = 0xefff;
const narrowFirst = 0xf000;
const narrowLast = 0xf8ff;
const privateUse = /[\ue000-\uf8ff]/g;
// Text made only of these needs nothing: Latin, Greek, Cyrillic... with no combining mark.
const plainText = /^[\u0000-\u02ff\u0370-\u0482\u048a-\u058f]*$/;

interface BlessedUnicode {
  charWidth(text: string | number, index?: number): number;
  codePointAt(text: string, position: number): number;
  chars: { all: RegExp };
}

let patched = false;
const cellOf = new Map<string, string>();
const graphemeOf = new Map<string, string>();
let nextWide = wideFirst;
let nextNarrow = narrowFirst;
let blessedWidth: (point: number) => number = () => 1;

/** The private-use cell standing for `grapheme`, or a stand-in of the same width once every cell is taken. */
function cellFor(grapheme: string, width: number): string {
  const known = cellOf.get(grapheme);
  if (known !== undefined) return known;
  const wide = width >= 2;
  if ((wide ? nextWide > wideLast : nextNarrow > narrowLast)) return wide ? '??' : '?';
  const cell = String.fromCharCode(wide ? nextWide++ : nextNarrow++);
  cellOf.set(grapheme, cell);
  graphemeOf.set(cell, grapheme);
  return cell;
}

/** `text` with every grapheme blessed would place wrongly replaced by its cell. */
export function encodeGraphemes(text: string): string {
  if (plainText.test(text)) return text;
  let encoded = '';
  for (const grapheme of graphemes(text)) {
    const point = grapheme.codePointAt(0) ?? 0;
    // Line ends and blessed's own escapes (tags become SGR sequences) pass as they are.
    if (point < 0x20 || point === 0x7f) {
      encoded += grapheme;
      continue;
    }
    const width = displayWidth(grapheme);
    const single = grapheme.length === 1 && (point < wideFirst || point > narrowLast);
    if (single && blessedWidth(point) === width) encoded += grapheme;
    else if (width > 0) encoded += cellFor(grapheme, width);
  }
  return encoded;
}

/** The screen's output with each cell turned back into its grapheme. */
export function decodeGraphemes(text: string): string {
  return text.replace(privateUse, (cell) => graphemeOf.get(cell) ?? cell);
}

/**
 * Teaches blessed (once per process) that the wide cells take two columns and the narrow ones one,
 * encodes the content of every element, and decodes what `screen` writes to the terminal.
 */
export function placeGraphemesExactly(blessed: typeof import('blessed'), screen: Widgets.Screen): void {
  if (!patched) {
    patched = true;
    const unicode = (blessed as unknown as { unicode: BlessedUnicode }).unicode;
    const charWidth = unicode.charWidth.bind(unicode);
    blessedWidth = (point) => charWidth(point);
    unicode.charWidth = (text, index) => {
      const point = typeof text === 'number' ? text : unicode.codePointAt(text, index ?? 0);
      if (point >= wideFirst && point <= wideLast) return 2;
      if (point >= narrowFirst && point <= narrowLast) return 1;
      return charWidth(point);
    };
    // blessed puts a filler cell after each character this matches, and the screen skips it when drawing.
    unicode.chars.all = new RegExp(`(${unicode.chars.all.source.slice(1, -1)}|[\\ue000-\\uefff])`, 'g');
    const element = (blessed as unknown as { Element: { prototype: { setContent(this: unknown, content: string, ...rest: unknown[]): void } } }).Element.prototype;
    const setContent = element.setContent;
    element.setContent = function (this: unknown, content: string, ...rest: unknown[]) {
      setContent.call(this, encodeGraphemes(content ?? ''), ...rest);
    };
  }
  const program = screen.program as unknown as { _write(text: string): unknown };
  const write = program._write.bind(program);
  program._write = (text: string) => write(decodeGraphemes(text));
}
