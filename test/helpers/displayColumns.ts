// Reads terminal text by display column, as the screen shows it: where each grapheme starts, what a range of columns holds, and whether columns line up.
import * as assert from 'uvu/assert';
import { displayWidth, graphemes } from '../../src/base/displayWidth.js';

export interface PlacedGrapheme {
  text: string;
  column: number;
  width: number;
}

/** Each grapheme of `line` with the display column it starts at. */
export function placeGraphemes(line: string): PlacedGrapheme[] {
  let column = 0;
  return graphemes(line).map((text) => {
    const placed = { text, column, width: displayWidth(text) };
    column += placed.width;
    return placed;
  });
}

/** The text of the graphemes that start in display columns [from, to). */
export function columnText(line: string, from: number, to = Infinity): string {
  return placeGraphemes(line)
    .filter((placed) => placed.column >= from && placed.column < to)
    .map((placed) => placed.text)
    .join('');
}

/** The display column where `word` starts in `line` (the first time), or -1. */
export function columnOf(line: string, word: string): number {
  const index = line.indexOf(word);
  return index < 0 ? -1 : displayWidth(line.slice(0, index));
}

/** The display columns of every `character` in `line`. */
export function columnsOfCharacter(line: string, character: string): number[] {
  return placeGraphemes(line).filter((placed) => placed.text === character).map((placed) => placed.column);
}

/** Nothing the terminal would act on, nothing cut into a replacement character, and no line wider than `width`. */
export function assertPlainLines(lines: readonly string[], width: number, what: string): void {
  lines.forEach((line, index) => {
    assert.ok(displayWidth(line) <= width, `${what} line ${index + 1} is ${displayWidth(line)} columns wide (> ${width}): ${line}`);
    assert.not.match(line, /[\u0000-\u001f\u007f-\u009f]/, `${what} line ${index + 1} holds a control character: ${JSON.stringify(line)}`);
    assert.not.ok(line.includes('\ufffd'), `${what} line ${index + 1} holds U+FFFD: ${line}`);
  });
}
