// Maps blessed's keypress events to the normalized key spelling of keyNames.ts, so bindings and real presses compare as strings.
import { canonicalKeyPress, formatKeyPress, namedKeys } from './keyNames.js';

/**
 * What blessed's `keypress` hands over (`Widgets.Events.IKeyEventArg`). Every field is optional:
 * for punctuation and digits blessed passes only `{ ch, full }` with no name.
 */
export interface BlessedKeyEvent {
  name?: string | undefined;
  ctrl?: boolean | undefined;
  meta?: boolean | undefined;
  shift?: boolean | undefined;
  full?: string | undefined;
  sequence?: string | undefined;
}

const blessedNames: Record<string, string> = { linefeed: 'enter', return: 'enter' };

/**
 * The normalized key ("ctrl+p", "shift+g", "?", "enter"), or null for presses to ignore:
 * blessed reports Enter ("\r") twice, once as `return` and once as `enter`, so `return` from
 * "\r" is dropped; mouse and unknown sequences (name 'undefined') have no key.
 */
export function keyFromBlessed(character: string | undefined, event: BlessedKeyEvent | undefined): string | null {
  const name = event?.name;
  if (name === 'undefined') return null;
  if (name === 'return' && event?.sequence === '\r') return null;
  const ctrl = event?.ctrl === true;
  const alt = event?.meta === true;
  const shift = event?.shift === true;
  if (name === undefined || name === '') {
    const text = character ?? singleCharacter(event?.full) ?? singleCharacter(event?.sequence);
    if (text === undefined || !isPrintable(text)) return null;
    if (text >= 'A' && text <= 'Z') return formatKeyPress({ ctrl, shift: true, alt, key: text.toLowerCase() });
    return formatKeyPress(canonicalKeyPress({ ctrl, shift, alt, key: text }));
  }
  const key = blessedNames[name] ?? name;
  if (/^[a-z]$/.test(key) || (namedKeys as readonly string[]).includes(key)) return formatKeyPress({ ctrl, shift, alt, key });
  if (key.length === 1 && isPrintable(key)) return formatKeyPress(canonicalKeyPress({ ctrl, shift, alt, key }));
  return null;
}

function singleCharacter(text: string | undefined): string | undefined {
  return text !== undefined && [...text].length === 1 ? text : undefined;
}

function isPrintable(text: string): boolean {
  return [...text].length === 1 && text > ' ' && text !== '\u007f';
}
