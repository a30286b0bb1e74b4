// Turns a theme into what blessed is handed for this terminal: a colour per key and a complete style per TUI part.
import { luminance, nearestBasicColor, nearestXterm256, parseHexColor } from './color.js';
import type { ColorDepth } from '../screen/index.js';
import { themeColorKeyNames, type ThemeColorKey } from './themeKeys.js';
import type { Theme, ThemeType } from './themeLoader.js';
import { themeStyleNames, themeStyles, type ThemeStyleDefinition, type ThemeStyleName } from './themeStyles.js';

/** '#rrggbb' (truecolor), an xterm-256 index, a basic colour name ('red', 'lightblue'), or 'default' (the terminal's own). */
export type BlessedColor = string | number;

/** Every field is always present, so re-applying a style after a theme switch overwrites all of the previous one. */
export interface ResolvedStyle {
  fg: BlessedColor;
  bg: BlessedColor;
  bold: boolean;
  inverse: boolean;
  underline: boolean;
}

export interface ResolvedTheme {
  id: string;
  label: string;
  type: ThemeType;
  depth: ColorDepth;
  colors: Record<ThemeColorKey, BlessedColor>;
  styles: Record<ThemeStyleName, ResolvedStyle>;
}

export interface ColorCapabilities {
  depth: ColorDepth;
}

export function resolveTheme(theme: Theme, capabilities: ColorCapabilities): ResolvedTheme {
  const { depth } = capabilities;
  const colors = {} as Record<ThemeColorKey, BlessedColor>;
  for (const key of themeColorKeyNames) colors[key] = resolveColor(theme.colors[key], depth);
  const styles = {} as Record<ThemeStyleName, ResolvedStyle>;
  for (const name of themeStyleNames) styles[name] = resolveStyle(themeStyles[name], theme, colors, depth);
  return { id: theme.id, label: theme.label, type: theme.type, depth, colors, styles };
}

/** One hex colour for a depth: as is, the nearest xterm-256 index, the nearest basic name, or 'default'. */
export function resolveColor(hex: string, depth: ColorDepth): BlessedColor {
  const color = parseHexColor(hex);
  if (color === null || depth === 'monochrome') return 'default';
  switch (depth) {
    case 'truecolor':
      return hex;
    case 'xterm256':
      return nearestXterm256(color);
    case 'basic16':
      return nearestBasicColor(color, 16);
    case 'basic8':
      return nearestBasicColor(color, 8);
  }
}

function resolveStyle(
  definition: ThemeStyleDefinition,
  theme: Theme,
  colors: Record<ThemeColorKey, BlessedColor>,
  depth: ColorDepth,
): ResolvedStyle {
  const attributes = definition.monochrome;
  const style: ResolvedStyle = { fg: colors[definition.fg], bg: colors[definition.bg], bold: false, inverse: false, underline: false };
  if (depth === 'monochrome') return { ...style, bold: attributes.bold ?? false, inverse: attributes.inverse ?? false, underline: attributes.underline ?? false };
  if (depth !== 'basic8' && depth !== 'basic16') return style;
  // Few colours: a highlight whose background collapsed into what it sits on says it with attributes instead.
  if (definition.over !== undefined && style.bg === colors[definition.over]) {
    return {
      fg: colors[definition.fg] === style.bg ? readableOn(theme.colors[definition.over], depth) : colors[definition.fg],
      bg: style.bg,
      bold: attributes.bold ?? false,
      inverse: attributes.inverse ?? false,
      underline: attributes.underline ?? false,
    };
  }
  // Text that collapsed into its own background would be invisible: take black or white, whichever reads.
  if (style.fg === style.bg) style.fg = readableOn(theme.colors[definition.bg], depth);
  return style;
}

function readableOn(backgroundHex: string, depth: ColorDepth): BlessedColor {
  const background = parseHexColor(backgroundHex) ?? { red: 0, green: 0, blue: 0 };
  const dark = luminance(background) > 0.4;
  if (depth === 'basic16') return dark ? 'black' : 'lightwhite';
  return dark ? 'black' : 'white';
}

