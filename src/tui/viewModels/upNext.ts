// The "Up next" view of a play queue: where the queue is ("2/5 S1E2 Title") and its entries fitted to a pane, the one that plays marked.
import type { QueueState } from '../../playback/queue/queueControl.js';
import type { PlexPlayQueueItem } from '../../plex/models.js';
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
/** Marks the entry selected in the pane (when it is not the one that plays, whose marker stays). */
export const selectedMarker = '› ';
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
 * last line says how many more do not fit. Without a queue, one line says how to start one. With `selected` (the
 * index of the entry the focused pane selects), the window holds it, and it is marked "› " and styled as selected.
 */
export function upNextLines(state: QueueState | null, width: number, rows: number, selected?: number): UpNextLine[] {
  const line = (text: string, style: ThemeStyleName): UpNextLine => ({ text: fit(text, width), style });
  if (state === null || state.items.length === 0) return [line('Up next: nothing queued. Enter on an episode, season, show, album or artist plays it as a queue.', 'description')];
  const lines = [line(`Up next · ${state.index + 1} of ${state.items.length}`, 'detailsTitle')];
  const room = Math.max(1, rows - 1);
  const anchor = selected ?? state.index;
  const first = Math.max(0, Math.min(anchor - 1, state.items.length - room));
  const shown = state.items.slice(first, first + room);
  const more = state.items.length - (first + shown.length);
  const listed = more > 0 ? shown.slice(0, Math.max(0, room - 1)) : shown;
  listed.forEach((item, offset) => {
    const index = first + offset;
    const marker = index === state.index ? currentMarker : index === selected ? selectedMarker : otherMarker;
    const style: ThemeStyleName = index === (selected ?? state.index) ? 'activeSelection' : index < state.index ? 'description' : 'editor';
    lines.push(line(`${marker}${index + 1}. ${itemTitle(item)}`, style));
  });
  const hidden = state.items.length - (first + listed.length);
  if (hidden > 0) lines.push(line(`  … and ${hidden} more`, 'description'));
  return lines;
}

/**
 * The entry selected in the Up next pane, kept by its playQueueItemID so that it stays on the same entry as the queue
 * is edited; the entry that plays until the person moves it; the row in its place when it leaves the queue.
 */
export class QueueSelection {
  private selected: number | null = null;
  private lastIndex = 0;

  /** The selected entry's index in `state`, or -1 without entries. */
  indexIn(state: QueueState | null): number {
    if (state === null || state.items.length === 0) return -1;
    const found = this.selected === null ? state.index : state.items.findIndex((item) => item.playQueueItemID === this.selected);
    this.lastIndex = found >= 0 ? found : Math.min(this.lastIndex, state.items.length - 1);
    return this.lastIndex;
  }

  /** The selected entry, or undefined without entries. */
  entry(state: QueueState | null): PlexPlayQueueItem | undefined {
    return state?.items[this.indexIn(state)];
  }

  /** Moves the selection `delta` entries (±Infinity: to the first or last), stopping at the ends. */
  move(state: QueueState | null, delta: number): void {
    if (state === null || state.items.length === 0) return;
    const index = Math.max(0, Math.min(state.items.length - 1, this.indexIn(state) + delta));
    this.selected = state.items[index]?.playQueueItemID ?? null;
    this.lastIndex = index;
  }
}
