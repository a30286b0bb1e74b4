// The running TUI: holds the panes, the focus and the overlays, turns key presses into commands and draws after each change.
import type { QuickPickItem, StatusBarItemState } from '../api/index.js';
import type { ConnectionKind } from '../plex/connectionRace.js';
import type { PlexMetadata } from '../plex/models.js';
import { Browser, containerSource, ItemActions, LiveCacheEntries, whenContextOf, type ActionServices, type BrowserClient, type Focus, type OpenOverlay } from './state/index.js';
import { CacheSelection, isHubRow, QueueSelection } from './viewModels/index.js';
import type { TuiHost } from './hostBridge.js';
import type { KeybindingDispatcher, KeybindingRegistry } from './keys/index.js';
import { drawFrame, itemRowText, Layout, openTags, overlayRowText, sidebarRowText } from './panes/index.js';
import type { ListingStore } from '../offline/index.js';
import type { TuiScreen } from './screen/index.js';
import { resolveTheme, type ResolvedTheme, type Theme } from './themes/index.js';
import { closeOverlay, openOverlay, overlayMoved, type FilterClient } from './overlays/index.js';

export interface TuiAppOptions {
  tuiScreen: TuiScreen;
  client: BrowserClient & ActionServices['client'] & FilterClient;
  actions: Omit<ActionServices, 'client' | 'machineIdentifier'>;
  themes: readonly Theme[];
  theme: Theme;
  registry: KeybindingRegistry;
  dispatcher: KeybindingDispatcher;
  serverName: string;
  connection: ConnectionKind;
  machineIdentifier: string | null;
  log(line: string): void;
  /** Listings kept for offline browsing, under `serverKey`. */
  listings?: ListingStore;
  serverKey: string;
  /** Runs one command (plexterm's own are handled by the TUI; others go to plugins). */
  runCommand(app: TuiApp, command: string): Promise<void> | void;
}

/** How long typing pauses before the server is searched. */
export const searchDebounceMs = 250;

export class TuiApp implements TuiHost {
  readonly browser: Browser;
  readonly cacheEntries: LiveCacheEntries;
  readonly cacheSelection = new CacheSelection();
  /** The entry selected in Up next (j/k there), which its keys act on. */
  readonly queueSelection = new QueueSelection();
  readonly actions: ItemActions;
  readonly layout: Layout;
  focus: Focus = 'sidebar';
  overlay: OpenOverlay | null = null;
  theme: ResolvedTheme;
  themeId: string;
  message: string | null = null;
  searchQuery = '';
  /** The details pane shows Up next (the play queue) instead of the selected item (u). */
  upNextVisible = false;
  offline = false;
  readonly statusItems = new Map<string, StatusBarItemState>();
  readonly metadata = new Map<string, PlexMetadata>();
  private drawPending = false;
  private detailsTimer: NodeJS.Timeout | undefined;
  private detailsRequested: string | null = null;
  private searchTimer: NodeJS.Timeout | undefined;
  private quitResolve: () => void = () => {};
  readonly quitRequested = new Promise<void>((resolve) => (this.quitResolve = resolve));

  constructor(readonly options: TuiAppOptions) {
    const { tuiScreen } = options;
    this.theme = resolveTheme(options.theme, { depth: tuiScreen.depth });
    this.themeId = options.theme.id;
    const memory = options.listings ? { store: options.listings, server: options.serverKey, reachable: (error: unknown | null) => this.setReachable(error) } : undefined;
    this.browser = new Browser(options.client, () => this.scheduleDraw(), memory);
    this.cacheEntries = new LiveCacheEntries(() => this.scheduleDraw());
    this.actions = new ItemActions(
      { ...options.actions, client: options.client, machineIdentifier: () => options.machineIdentifier },
      { message: (text) => this.showMessage(text), changed: () => this.scheduleDraw(), replaceItem: (item) => this.replaceItem(item) },
    );
    const dimSelection = (focused: boolean) => ({ open: openTags(focused ? this.theme.styles.activeSelection : this.theme.styles.inactiveSelection), focused });
    this.layout = new Layout(tuiScreen.blessed, tuiScreen.screen, {
      sidebar: {
        renderRow: (index, width) => sidebarRowText(this, index, width),
        selectionTags: () => dimSelection(this.focus === 'sidebar' && !this.overlay),
        onSelect: () => this.sidebarChosen(false),
        onActivate: () => this.sidebarChosen(true),
        onFocusRequest: () => this.setFocus('sidebar'),
      },
      list: {
        renderRow: (index, width) => itemRowText(this, index, width),
        selectionTags: () => dimSelection((this.focus === 'list' || this.focus === 'search') && !this.overlay),
        onVisible: (top, count) => void this.browser.current?.items.ensure(top, count + 20),
        onSelect: () => this.selectionMoved(),
        onActivate: () => void options.runCommand(this, 'plexterm.open'),
        onFocusRequest: () => this.setFocus('list'),
      },
      overlay: {
        renderRow: (index, width) => overlayRowText(this, index, width),
        selectionTags: () => dimSelection(true),
        onSelect: () => overlayMoved(this),
        onActivate: () => closeOverlay(this, true),
      },
    });
    this.layout.details.on('click', () => this.setFocus('details'));
    tuiScreen.screen.on('resize', () => {
      this.layout.place();
      this.draw();
    });
  }

  get selectedItem(): PlexMetadata | undefined {
    return this.browser.current?.items.item(this.layout.list.selected);
  }

  /** The item the details pane shows: the full metadata once fetched. */
  get detailsItem(): PlexMetadata | undefined {
    const item = this.selectedItem;
    return item ? (this.metadata.get(item.ratingKey) ?? item) : undefined;
  }

  get playerRunning(): boolean {
    return this.actions.play?.running === true;
  }

  whenContext() {
    const itemType = this.selectedItem?.type;
    const prompt = this.actions.play?.running ? (this.actions.play.prompt?.kind ?? null) : null;
    return whenContextOf({ focus: this.focus, overlay: this.overlay, playerRunning: this.playerRunning, cachePanelVisible: this.layout.cachePanelVisible, offline: this.offline, itemType, prompt, upNextVisible: this.upNextVisible });
  }

  setFocus(focus: Focus): void {
    this.focus = focus;
    this.draw();
  }

  quit(): void {
    this.quitResolve();
  }

  /** Offline while the server cannot be reached; listings seen before are shown meanwhile. */
  setReachable(error: unknown | null): void {
    const offline = error !== null;
    if (offline === this.offline) return;
    this.offline = offline;
    this.showMessage(offline ? `offline: showing what was seen before (${error instanceof Error ? error.message : String(error)})` : 'the server answers again');
  }

  showMessage(text: string): void {
    this.message = text.replace(/\s+/g, ' ');
    this.options.log(`message: ${this.message}`);
    this.scheduleDraw();
  }

  setTheme(theme: Theme): void {
    this.theme = resolveTheme(theme, { depth: this.options.tuiScreen.depth });
    this.themeId = theme.id;
    this.draw();
  }

  /** The sidebar's selection changed; `enter` also moves the focus to the list. */
  sidebarChosen(enter: boolean): void {
    const entry = this.browser.entries[this.layout.sidebar.selected];
    if (entry?.source && this.browser.current?.source !== entry.source) {
      this.browser.openRoot(entry.source);
      this.layout.list.setCount(0);
      this.layout.list.cursor.select(0);
    }
    if (enter) this.focus = 'list';
    this.draw();
  }

  selectionMoved(): void {
    const listing = this.browser.current;
    if (listing) listing.selected = this.layout.list.selected;
    this.draw();
  }

  /** Full metadata (summary, media) only for where the cursor rests, not for every row passed. */
  private requestDetails(): void {
    const item = this.selectedItem;
    const key = item?.ratingKey ?? null;
    if (key === this.detailsRequested) return;
    this.detailsRequested = key;
    clearTimeout(this.detailsTimer);
    // A hub's heading row is not a library item: its details are its own.
    if (!item || isHubRow(item) || this.metadata.has(item.ratingKey)) return;
    this.detailsTimer = setTimeout(() => {
      this.options.client.metadata(item.ratingKey).then(
        (full) => {
          this.metadata.set(item.ratingKey, full);
          this.scheduleDraw();
        },
        (error: unknown) => this.options.log(`details of ${item.ratingKey}: ${error instanceof Error ? error.message : String(error)}`),
      );
    }, 120);
  }

  /** Enter the selected show, season, album, collection or hub. */
  enterListing(item: PlexMetadata): void {
    if (isHubRow(item) && item.key === '') {
      this.showMessage(`the server gave "${item.title}" no listing of its own: its items are the rows below it`);
      return;
    }
    this.browser.push(containerSource(item));
    this.layout.list.setCount(0);
    this.layout.list.cursor.select(0);
    this.focus = 'list';
    this.draw();
  }

  back(): void {
    if (this.focus === 'details') this.focus = 'list';
    else if (this.browser.back()) {
      this.layout.list.setCount(this.browser.current?.items.totalSize ?? 0);
      this.layout.list.cursor.select(this.browser.current?.selected ?? 0);
    } else this.focus = 'sidebar';
    this.draw();
  }

  openSearch(): void {
    this.searchQuery = '';
    this.focus = 'search';
    this.draw();
  }

  /** Enter keeps the results: a query typed faster than the debounce is searched now, not dropped. */
  closeSearch(keepResults: boolean): void {
    clearTimeout(this.searchTimer);
    const query = this.searchQuery.trim();
    const shown = this.browser.current?.source;
    if (keepResults && query !== '' && !(shown?.kind === 'search' && shown.query === query)) this.showSearchResults(query);
    if (!keepResults && this.browser.current?.source.kind === 'search') this.back();
    this.focus = 'list';
    this.draw();
  }

  typeInSearch(next: string): void {
    this.searchQuery = next;
    clearTimeout(this.searchTimer);
    const query = next.trim();
    if (query !== '') {
      this.searchTimer = setTimeout(() => {
        this.showSearchResults(query);
        this.draw();
      }, searchDebounceMs);
    }
    this.draw();
  }

  private showSearchResults(query: string): void {
    this.browser.showSearch(query);
    this.layout.list.setCount(0);
    this.layout.list.cursor.select(0);
  }

  // —— overlays: palette, theme picker, help, plugin quick picks ——

  showQuickPick(title: string, items: QuickPickItem[]): Promise<QuickPickItem | undefined> {
    return new Promise((resolve) => {
      const rows = items.map((item, index) => ({ id: String(index), label: item.label, detail: item.description ?? '' }));
      openOverlay(this, 'quickPick', `[${title}] choose`, rows, (choice) => resolve(choice === undefined ? undefined : items[Number(choice)]));
    });
  }

  setStatusBarItem(item: StatusBarItemState): void {
    this.statusItems.set(`${item.pluginId}/${item.id}`, item);
    this.scheduleDraw();
  }

  removeStatusBarItem(pluginId: string, itemId: string): void {
    this.statusItems.delete(`${pluginId}/${itemId}`);
    this.scheduleDraw();
  }

  runOnTerminal(command: string, args: string[]): Promise<number> {
    return this.options.tuiScreen.runOnTerminal(command, args);
  }

  // —— drawing ——

  replaceItem(item: PlexMetadata): void {
    this.browser.current?.items.replace((known) => known.ratingKey === item.ratingKey, (known) => ({ ...known, ...item }));
    const full = this.metadata.get(item.ratingKey);
    if (full) this.metadata.set(item.ratingKey, { ...full, ...item });
    this.scheduleDraw();
  }

  scheduleDraw(): void {
    if (this.drawPending) return;
    this.drawPending = true;
    setImmediate(() => {
      this.drawPending = false;
      try {
        this.draw();
      } catch (error) {
        this.options.log(`drawing failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
    });
  }

  draw(): void {
    drawFrame(this);
    this.requestDetails();
    this.options.tuiScreen.screen.render();
  }

  dispose(): void {
    clearTimeout(this.detailsTimer);
    clearTimeout(this.searchTimer);
    this.overlay?.settle(undefined);
    this.actions.dispose();
    this.cacheEntries.dispose();
    this.browser.dispose();
  }
}
