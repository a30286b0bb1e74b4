// The "Up next" view of a play queue: where the queue is ("2/5 S1E2 Title") and its entries fitted to a pane, the one that plays marked.
import type { QueueState } from '../../playback/queue/queueControl.js';
import type { ThemeStyleName } from '../themes/index.js';
import { terminalLine } from '../../base/terminalText.js';
import { fit } from './formatting.js';
import { itemTitle } from './itemRow.js';

export interface UpNextLine {
  /** Safe text, exactly `width` columns. */
  text: string;
  style: ThemeStyleName;
}

/** Marks the entry that plays; the others get as many blank columns, so titles line up. */
export const currentMarker = '▶ ';
const otherMarker = '  ';

/** "2/5 S1E2 Title": which entry of how many plays, cleaned for the terminal (not fitted). */
export function queuePosition(state: QueueState): string {
  const item = state.items[state.index];
  const title = item ? ` ${itemTitle(item)}` : '';
  return terminalLine(`${state.index + 1}/${state.items.length}${title}`);
}

/**
 * The Up next pane in `rows` lines of `width` columns: a heading, then the entries from the one before the current
 * (so what just played shows) down, each "▶ 2. S1E2 Title" for the current and dimmed for those already played; a
 * last line says how many more do not fit. Without a queue, one line says how to start one.
 */
export function upNextLines(state: QueueState | null, width: number, rows: number): UpNextLine[] {
  const line = (text: string, style: ThemeStyleName): UpNextLine => ({ text: fit(text, width), style });
  if (state === null || state.items.length === 0) return [line('Up next: nothing queued. Enter on an episode, season, show, album or artist plays it as a queue.', 'description')];
  const lines = [line(`Up next · ${state.index + 1} of ${state.items.length}`, 'detailsTitle')];
  const room = Math.max(1, rows - 1);
  const first = Math.max(0, Math.min(state.index - 1, state.items.length - room));
  const shown = state.items.slice(first, first + room);
  const more = state.items.length - (first + shown.length);
  const listed = more > 0 ? shown.slice(0, Math.max(0, room - 1)) : shown;
  listed.forEach((item, offset) => {
    const index = first + offset;
    const marker = index === state.index ? currentMarker : otherMarker;
    const style: ThemeStyleName = index === state.index ? 'activeSelection' : index < state.index ? 'description' : 'editor';
    lines.push(line(`${marker}${index + 1}. ${itemTitle(item)}`, style));
  });
  const hidden = state.items.length - (first + listed.length);
  if (hidden > 0) lines.push(line(`  … and ${hidden} more`, 'description'));
  return lines;
}
