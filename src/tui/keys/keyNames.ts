// VS Code key syntax ("ctrl+k", "shift+g", "ctrl+k ctrl+t"): parsed into one normalized spelling, and labelled for people.

export interface KeyPress {
  ctrl: boolean;
  shift: boolean;
  /** Alt, Option or Meta: a terminal sends them all as an escape prefix, so they are one modifier here. */
  alt: boolean;
  /** A named key ('escape', 'pageup', 'f5'), a lowercase letter, a digit or one punctuation character. */
  key: string;
}

export class KeySyntaxError extends Error {
  override name = 'KeySyntaxError';
}

export const namedKeys = [
  'escape', 'enter', 'tab', 'backspace', 'delete', 'insert', 'home', 'end', 'pageup', 'pagedown',
  'up', 'down', 'left', 'right', 'space',
  'f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'f8', 'f9', 'f10', 'f11', 'f12',
] as const;

const keyAliases: Record<string, string> = {
  esc: 'escape', return: 'enter', del: 'delete', ins: 'insert', pgup: 'pageup', pgdn: 'pagedown', pgdown: 'pagedown',
  arrowup: 'up', arrowdown: 'down', arrowleft: 'left', arrowright: 'right', ' ': 'space', spacebar: 'space',
};

const modifierAliases: Record<string, 'ctrl' | 'shift' | 'alt'> = {
  ctrl: 'ctrl', control: 'ctrl', shift: 'shift', alt: 'alt', meta: 'alt', option: 'alt', opt: 'alt',
};

/** What shift gives on a US keyboard: a terminal sends the shifted character, not shift + the key. */
const unshifted = '`1234567890-=[]\\;\',./';
const shifted = '~!@#$%^&*()_+{}|:"<>?';

/** Parses one key or a chord ("ctrl+k ctrl+t") and returns its normalized spelling; throws KeySyntaxError. */
export function normalizeKeySequence(text: string): string {
  const parts = text.trim().split(/\s+/).filter((part) => part !== '');
  if (parts.length === 0) throw new KeySyntaxError('the key is empty');
  if (parts.length > 2) throw new KeySyntaxError(`"${text}" has ${parts.length} parts; a chord has at most two ("ctrl+k ctrl+t")`);
  return parts.map((part) => formatKeyPress(parseKeyPress(part))).join(' ');
}

/** Parses one key press such as "ctrl+shift+p", "G", "?" or "shift+/". */
export function parseKeyPress(text: string): KeyPress {
  const tokens = splitPlus(text);
  const keyToken = tokens.pop() ?? '';
  const press: KeyPress = { ctrl: false, shift: false, alt: false, key: '' };
  for (const token of tokens) {
    const modifier = modifierAliases[token.toLowerCase()];
    if (modifier === undefined) {
      const hint = /^(cmd|win|super)$/i.test(token) ? ' (a terminal cannot send it)' : '';
      throw new KeySyntaxError(`"${text}": unknown modifier "${token}"${hint}; use ctrl, shift or alt`);
    }
    press[modifier] = true;
  }
  if (keyToken === '') throw new KeySyntaxError(`"${text}": the key after the modifiers is missing`);
  press.key = keyName(keyToken, text, press);
  return canonicalKeyPress(press);
}

function splitPlus(text: string): string[] {
  if (text === '+') return ['+'];
  if (text.endsWith('++')) return [...text.slice(0, -2).split('+'), '+'];
  return text.split('+');
}

function keyName(token: string, text: string, press: KeyPress): string {
  if (token.length === 1) {
    if (token >= 'A' && token <= 'Z') {
      // "G" alone is shift+g (as in vim); with modifiers the case does not matter, as in VS Code ("ctrl+G").
      if (!press.ctrl && !press.alt) press.shift = true;
      return token.toLowerCase();
    }
    if (token > ' ' && token !== '\u007f') return token;
  }
  const lower = token.toLowerCase();
  const name = keyAliases[lower] ?? lower;
  if ((namedKeys as readonly string[]).includes(name)) return name;
  throw new KeySyntaxError(`"${text}": unknown key "${token}" (keys are letters, digits, punctuation, or ${namedKeys.slice(0, 15).join(', ')}, f1–f12)`);
}

/** Shift on punctuation becomes the shifted character, which is what arrives from a terminal. */
export function canonicalKeyPress(press: KeyPress): KeyPress {
  if (press.key.length !== 1 || /[a-z]/.test(press.key)) return press;
  const index = unshifted.indexOf(press.key);
  if (press.shift && index >= 0) return { ...press, shift: false, key: shifted[index] as string };
  if (shifted.includes(press.key)) return { ...press, shift: false };
  return press;
}

/** The normalized spelling: modifiers in the order ctrl, shift, alt, then the key. */
export function formatKeyPress(press: KeyPress): string {
  return [press.ctrl ? 'ctrl' : '', press.shift ? 'shift' : '', press.alt ? 'alt' : '', press.key].filter((part) => part !== '').join('+');
}

const labels: Record<string, string> = {
  escape: 'Esc', enter: 'Enter', tab: 'Tab', backspace: 'Backspace', delete: 'Delete', insert: 'Insert', home: 'Home', end: 'End',
  pageup: 'PageUp', pagedown: 'PageDown', up: '↑', down: '↓', left: '←', right: '→', space: 'Space',
};

/** How a normalized key reads on the help screen: "Ctrl+P", "G", "Shift+↑", "Ctrl+K Ctrl+T". */
export function keyLabel(normalized: string): string {
  return normalized.split(' ').map((part) => {
    const press = parseKeyPress(part);
    const letter = /^[a-z]$/.test(press.key);
    const key = letter ? press.key.toUpperCase() : (labels[press.key] ?? press.key.toUpperCase());
    const modifiers = [press.ctrl ? 'Ctrl' : '', press.shift && !(letter && !press.ctrl && !press.alt) ? 'Shift' : '', press.alt ? 'Alt' : ''];
    if (letter && !press.shift && !press.ctrl && !press.alt) return press.key;
    return [...modifiers.filter((modifier) => modifier !== ''), key].join('+');
  }).join(' ');
}

/** True for a press a terminal cannot tell apart from another (ctrl+shift+letter arrives as ctrl+letter). */
export function isIndistinguishableInTerminal(normalized: string): boolean {
  return normalized.split(' ').some((part) => /^ctrl\+shift\+(alt\+)?[a-z]$/.test(part));
}
