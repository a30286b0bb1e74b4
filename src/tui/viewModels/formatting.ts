// Numbers as the TUI shows them: durations, byte counts, rates and text progress bars, cut to a width.
import { fitToWidth, truncateToWidth } from '../../base/displayWidth.js';
import { formatBytes } from '../../base/humanFormat.js';
import { terminalLine } from '../../base/terminalText.js';

export { formatDuration } from '../../base/humanFormat.js';

/** Bytes as `1.5 GiB`; '?' when unknown. */
export function formatBytesOrUnknown(bytes: number | undefined | null): string {
  return formatBytes(bytes) || '?';
}

export function formatRate(bytesPerSecond: number): string {
  return bytesPerSecond > 0 ? `${formatBytesOrUnknown(bytesPerSecond)}/s` : '';
}

/** `width` cells: filled blocks for the done share, light shade for the rest; all shade when the share is unknown. */
export function blockProgressBar(fraction: number | null, width: number): string {
  const cells = Math.max(0, Math.floor(width));
  if (fraction === null || !Number.isFinite(fraction)) return '░'.repeat(cells);
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * cells);
  return '█'.repeat(filled) + '░'.repeat(cells - filled);
}

/** One safe line (no escape sequence or control character) cut to `width` display columns with an ellipsis, or padded with spaces to exactly `width`. */
export function fit(text: string, width: number): string {
  return fitToWidth(terminalLine(text), width);
}

/** One safe line cut to at most `width` display columns, without padding. */
export function clip(text: string, width: number): string {
  return truncateToWidth(terminalLine(text), width);
}

/** Escapes `{` and `}` so blessed does not read them as tags. */
export function escapeTags(text: string): string {
  return text.replace(/[{}]/g, (brace) => (brace === '{' ? '{open}' : '{close}'));
}
