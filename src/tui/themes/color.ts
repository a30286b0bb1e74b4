// Colour values: parse #rgb/#rrggbb, and find the nearest xterm-256 index or basic colour name for lesser terminals.

export interface RedGreenBlue {
  red: number;
  green: number;
  blue: number;
}

/** The eight basic colour names, in ANSI order (index 0 to 7), as blessed spells them. */
export const basicColorNames = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'] as const;
/** The eight bright ones (index 8 to 15), as blessed spells them. */
export const brightColorNames = basicColorNames.map((name) => `light${name}`);

/** xterm's default values for the sixteen system colours; terminals let people change these. */
const systemPalette = [
  '#000000', '#cd0000', '#00cd00', '#cdcd00', '#0000ee', '#cd00cd', '#00cdcd', '#e5e5e5',
  '#7f7f7f', '#ff0000', '#00ff00', '#ffff00', '#5c5cff', '#ff00ff', '#00ffff', '#ffffff',
].map((hex) => parseHexColor(hex) as RedGreenBlue);

const cubeLevels = [0, 95, 135, 175, 215, 255];

/** `#rgb` or `#rrggbb` (any case) as lowercase `#rrggbb`; null for anything else. */
export function normalizeHexColor(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(value);
  if (short) return `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`.toLowerCase();
  return /^#[0-9a-f]{6}$/i.test(value) ? value.toLowerCase() : null;
}

export function parseHexColor(value: string): RedGreenBlue | null {
  const hex = normalizeHexColor(value);
  if (hex === null) return null;
  const number = Number.parseInt(hex.slice(1), 16);
  return { red: (number >> 16) & 0xff, green: (number >> 8) & 0xff, blue: number & 0xff };
}

export function toHexColor(color: RedGreenBlue): string {
  return `#${[color.red, color.green, color.blue].map((part) => part.toString(16).padStart(2, '0')).join('')}`;
}

/** Perceived distance ("redmean"): cheap, and much closer to the eye than plain RGB distance. */
export function colorDistance(first: RedGreenBlue, second: RedGreenBlue): number {
  const meanRed = (first.red + second.red) / 2;
  const red = first.red - second.red;
  const green = first.green - second.green;
  const blue = first.blue - second.blue;
  return Math.sqrt((2 + meanRed / 256) * red * red + 4 * green * green + (2 + (255 - meanRed) / 256) * blue * blue);
}

/** Relative luminance 0 (black) to 1 (white), as WCAG defines it. */
export function luminance(color: RedGreenBlue): number {
  const linear = (part: number): number => {
    const channel = part / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(color.red) + 0.7152 * linear(color.green) + 0.0722 * linear(color.blue);
}

/** The RGB value of an xterm-256 index (16 to 255 are fixed; 0 to 15 use xterm's defaults). */
export function xterm256Color(index: number): RedGreenBlue {
  if (index < 16) return systemPalette[index] as RedGreenBlue;
  if (index >= 232) {
    const level = 8 + (index - 232) * 10;
    return { red: level, green: level, blue: level };
  }
  const offset = index - 16;
  return {
    red: cubeLevels[Math.floor(offset / 36)] as number,
    green: cubeLevels[Math.floor(offset / 6) % 6] as number,
    blue: cubeLevels[offset % 6] as number,
  };
}

/**
 * The nearest index in 16–255 (the colour cube and the grey ramp). The sixteen system colours are
 * left out on purpose: a terminal's own palette may have changed them, the cube is the same everywhere.
 */
export function nearestXterm256(color: RedGreenBlue): number {
  let best = 16;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (let index = 16; index < 256; index += 1) {
    const distance = colorDistance(color, xterm256Color(index));
    if (distance < bestDistance) {
      best = index;
      bestDistance = distance;
      if (distance === 0) break;
    }
  }
  return best;
}

/** The nearest of the first `count` system colours (8 or 16), as a blessed colour name. */
export function nearestBasicColor(color: RedGreenBlue, count: 8 | 16): string {
  let best = 0;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (let index = 0; index < count; index += 1) {
    const distance = colorDistance(color, systemPalette[index] as RedGreenBlue);
    if (distance < bestDistance) {
      best = index;
      bestDistance = distance;
    }
  }
  return basicColorName(best);
}

export function basicColorName(index: number): string {
  return (index < 8 ? basicColorNames[index] : brightColorNames[index - 8]) ?? 'default';
}

