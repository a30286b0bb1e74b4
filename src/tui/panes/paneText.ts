// Fills the panes' text from the view models, in the theme's colours: sidebar rows, item rows, details, cache panel, status bar, overlay rows.
import type { StatusBarItemState } from '../../api/index.js';
import type { ConnectionKind } from '../../plex/connectionRace.js';
import type { PlexMetadata } from '../../plex/models.js';
import type { Browser, CurrentPlay, Focus, LiveCacheEntries, OpenOverlay } from '../state/index.js';
import type { Layout } from './layout.js';
import { displayWidth, wrapToWidth } from '../../base/displayWidth.js';
import { styled } from './styleTags.js';
import type { ResolvedTheme } from '../themes/index.js';
import { cacheKeyOf, cacheRow, cacheStateStyle, cacheSummary, cacheWindow, clip, detailsLines, escapeTags, fit, markerGlyphs, rowMarkers, rowText, sortedEntries, statusParts, upNextLines, type CacheSelection, type QueueSelection } from '../viewModels/index.js';

/** What the panes are drawn from (the running TuiApp). */
export interface PaneState {
  readonly browser: Browser;
  readonly theme: ResolvedTheme;
  readonly cacheEntries: LiveCacheEntries;
  readonly cacheSelection: CacheSelection;
  readonly overlay: OpenOverlay | null;
  readonly layout: Layout;
  readonly detailsItem: PlexMetadata | undefined;
  readonly actions: { readonly play: CurrentPlay | null; promptText(): string | null };
  readonly options: { readonly machineIdentifier: string | null; readonly serverName: string; readonly connection: ConnectionKind };
  readonly offline: boolean;
  readonly statusItems: ReadonlyMap<string, StatusBarItemState>;
  readonly message: string | null;
  readonly focus: Focus;
  readonly searchQuery: string;
  /** The details pane shows Up next (the play queue) instead of the item. */
  readonly upNextVisible: boolean;
  readonly queueSelection: QueueSelection;
}

/** Every pane's content for the current state; the caller renders the screen. */
export function drawFrame(app: PaneState): void {
  const { layout } = app;
  const listing = app.browser.current;
  layout.sidebar.setCount(app.browser.entries.length);
  layout.list.setCount(listing?.items.totalSize ?? 0);
  const pane = app.overlay ? 'overlay' : app.focus === 'search' ? 'list' : app.focus;
  layout.applyTheme(app.theme, pane);
  layout.sidebar.draw();
  const title = app.focus === 'search' ? `Search: ${app.searchQuery}▏` : app.browser.title;
  const count = listing?.items.totalSize;
  const error = listing?.items.error;
  const label = `${title}${count === null || count === undefined ? '' : ` (${count})`}${error ? ` — ${error}` : ''}`;
  layout.list.box.setLabel(` ${escapeTags(clip(label, Math.max(4, (layout.list.box.width as number) - 6)))} `);
  layout.list.draw();
  drawDetails(app);
  if (layout.cachePanelVisible) drawCachePanel(app);
  drawStatus(app);
  if (app.overlay) {
    layout.overlayInput.setContent(` › ${escapeTags(app.overlay.picker.query)}▏`);
    layout.overlayList.setCount(app.overlay.picker.filtered.length);
    layout.overlayList.draw();
  }
}

export function sidebarRowText(app: PaneState, index: number, width: number): string | null {
  const entry = app.browser.entries[index];
  if (!entry) return null;
  const text = fit(entry.label, width);
  return entry.heading ? styled(app.theme.styles.sideBarSectionHeader, text) : escapeTags(text);
}

/** Three marker cells (watched, cached, pinned), then the row text. */
export function itemRowText(app: PaneState, index: number, width: number): string | null {
  const item = app.browser.current?.items.item(index);
  if (!item) return null;
  const markers = rowMarkers(item, app.cacheEntries.get(cacheKeyOf(item, app.options.machineIdentifier)));
  const { styles } = app.theme;
  const watch = markers.watch === 'watched' ? styled(styles.watchedMarker, markerGlyphs.watched) : markers.watch === 'partial' ? styled(styles.partialMarker, markerGlyphs.partial) : ' ';
  const cached = markers.cached ? styled(styles.cachedMarker, markerGlyphs.cached) : ' ';
  const pinned = markers.pinned ? styled(styles.pinnedMarker, markerGlyphs.pinned) : ' ';
  return `${watch}${cached}${pinned} ${escapeTags(rowText(item, Math.max(1, width - 4)))}`;
}

export function overlayRowText(app: PaneState, index: number, width: number): string | null {
  const item = app.overlay?.picker.filtered[index];
  if (!item) return null;
  const detailWidth = Math.min(displayWidth(clip(item.detail, width)), Math.max(0, Math.floor(width / 2)));
  const label = fit(item.label, Math.max(1, width - detailWidth - 1));
  return `${escapeTags(label)} ${styled(app.theme.styles.description, fit(item.detail, detailWidth))}`;
}

export function drawDetails(app: PaneState): void {
  const box = app.layout.details;
  const item = app.detailsItem;
  const width = Math.max(10, (box.width as number) - 2);
  if (app.upNextVisible) {
    const queue = app.actions.play?.queue ?? null;
    // The selection shows while the pane has the focus: its keys (remove, move) act on it.
    const selected = app.focus === 'details' && !app.overlay ? app.queueSelection.indexIn(queue) : -1;
    const lines = upNextLines(queue, width, Math.max(2, (box.height as number) - 2), selected >= 0 ? selected : undefined);
    box.setContent(lines.map((line) => styled(app.theme.styles[line.style], line.text)).join('\n'));
    return;
  }
  if (!item) {
    const listing = app.browser.current;
    const note = listing === undefined ? 'Choose a library on the left.' : listing.items.totalSize === null ? 'Loading…' : listing.items.error ?? 'Nothing here.';
    box.setContent(styled(app.theme.styles.description, note));
    return;
  }
  // A queue's play shows on the entry that plays and on what it was started from (the season, the show...).
  const play = app.actions.play?.ratingKey === item.ratingKey || app.actions.play?.startedFrom === item.ratingKey ? app.actions.play : null;
  const snapshot = app.cacheEntries.get(play?.cacheKey ?? cacheKeyOf(item, app.options.machineIdentifier));
  const lines = detailsLines({ item, snapshot, cacheStates: play?.states ?? [], playback: play?.text ?? null, width });
  box.setContent(lines.map((line) => styled(app.theme.styles[line.style], clip(line.text, width))).join('\n'));
}

export function drawCachePanel(app: PaneState): void {
  const box = app.layout.cachePanel;
  const width = Math.max(10, (box.width as number) - 2);
  const snapshots = sortedEntries(app.cacheEntries.snapshots);
  box.setLabel(` ${cacheSummary(snapshots)} `);
  const room = Math.max(1, (box.height as number) - 2);
  const { styles } = app.theme;
  const focused = app.focus === 'cache' && !app.overlay;
  const selected = app.cacheSelection.indexIn(snapshots);
  const { start, shown, more } = cacheWindow(snapshots.length, room, Math.max(0, selected));
  const rows = snapshots.slice(start, start + shown).map((snapshot, offset) => {
    const style = styles[cacheStateStyle(snapshot.state)];
    return styled(focused && start + offset === selected ? styles.activeSelection : style, cacheRow(snapshot, width));
  });
  if (more > 0) rows.push(styled(styles.panel, fit(`… and ${more} more`, width)));
  // Empty, a line of advice, wrapped to the panel's width (at 80 columns it is wider than the panel).
  const empty = () => wrapToWidth('The cache is empty: play or keep an item offline (o) to fill it.', width).slice(0, room).map((line) => styled(styles.panel, line)).join('\n');
  box.setContent(rows.length === 0 ? empty() : rows.join('\n'));
}

export function drawStatus(app: PaneState): void {
  const width = app.layout.status.width as number;
  const items = [...app.statusItems.values()].filter((item) => item.visible && item.text !== '').map((item) => item.text);
  const parts = statusParts({
    serverName: app.options.serverName,
    connection: app.options.connection,
    offline: app.offline,
    activeDownloads: app.cacheEntries.activeDownloads,
    pausedDownloads: app.cacheEntries.pausedDownloads,
    pluginItems: items,
    prompt: app.actions.promptText(),
    message: app.message,
    width,
  });
  const right = clip(parts.right, width);
  const gap = Math.max(1, width - displayWidth(parts.left) - displayWidth(right));
  const left = app.offline ? styled(app.theme.styles.statusBarOffline, parts.left) : escapeTags(parts.left);
  app.layout.status.setContent(`${left}${' '.repeat(gap)}${escapeTags(right)}`);
}
