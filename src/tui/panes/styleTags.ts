// A resolved theme style as blessed sees it: an element `style` object, or inline tags around a piece of text.
import type { Widgets } from 'blessed';
import type { BlessedColor, ResolvedStyle } from '../themes/index.js';
import { escapeTags } from '../viewModels/index.js';

/** For an element's `style`: every field set, so switching theme overwrites the previous one. */
export function elementStyle(style: ResolvedStyle): Widgets.Types.TStyle {
  return { fg: style.fg, bg: style.bg, bold: style.bold, inverse: style.inverse, underline: style.underline } as Widgets.Types.TStyle;
}

/** Copies a style into an element's existing style object (blessed keeps a reference to it). */
export function applyStyle(element: Widgets.BlessedElement, style: ResolvedStyle): void {
  Object.assign(element.style as object, elementStyle(style));
}

function colorTag(color: BlessedColor, layer: 'fg' | 'bg'): string {
  if (color === 'default') return '';
  if (typeof color === 'number') return `{${color}-${layer}}`;
  // blessed's tags spell the bright colours "light-blue", its style objects "lightblue".
  return `{${color.replace(/^light(?=[a-z])/, 'light-')}-${layer}}`;
}

/** The opening tags of a style; close with `{/}`. */
export function openTags(style: ResolvedStyle): string {
  return [
    colorTag(style.fg, 'fg'),
    colorTag(style.bg, 'bg'),
    style.bold ? '{bold}' : '',
    style.inverse ? '{inverse}' : '',
    style.underline ? '{underline}' : '',
  ].join('');
}

/** `text` (escaped) in `style`, ending with a full reset to the element's own style. */
export function styled(style: ResolvedStyle, text: string): string {
  const open = openTags(style);
  return open === '' ? escapeTags(text) : `${open}${escapeTags(text)}{/}`;
}
