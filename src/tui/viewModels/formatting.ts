// Numbers as the TUI shows them: durations, byte counts, rates and text progress bars, cut to a width.
import { formatBytes as formatHumanBytes } from '../../base/humanFormat.js';

export { formatDuration } from '../../base/humanFormat.js';

/** Bytes as `1.5 GiB`; '?' when unknown. */
export function formatBytes(bytes: number | undefined | null): string {
  return formatHumanBytes(bytes) || '?';
}

export function formatRate(bytesPerSecond: number): string {
  return bytesPerSecond > 0 ? `${formatBytes(bytesPerSecond)}/s` : '';
}

/** `width` cells: filled blocks for the done share, light shade for the rest; all shade when the share is unknown. */
export function progressBar(fraction: number | null, width: number): string {
  const cells = Math.max(0, Math.floor(width));
  if (fraction === null || !Number.isFinite(fraction)) return '░'.repeat(cells);
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * cells);
  return '█'.repeat(filled) + '░'.repeat(cells - filled);
}

/** Cuts to `width` characters with an ellipsis, or pads with spaces to exactly `width`. */
export function fit(text: string, width: number): string {
  const characters = [...text];
  if (width <= 0) return '';
  if (characters.length > width) return `${characters.slice(0, width - 1).join('')}…`;
  return text + ' '.repeat(width - characters.length);
}

/** Cuts to at most `width` characters, without padding. */
export function clip(text: string, width: number): string {
  const characters = [...text];
  if (characters.length <= width) return text;
  return width <= 0 ? '' : `${characters.slice(0, width - 1).join('')}…`;
}

/** Escapes `{` and `}` so blessed does not read them as tags. */
export function escapeTags(text: string): string {
  return text.replace(/[{}]/g, (brace) => (brace === '{' ? '{open}' : '{close}'));
}
