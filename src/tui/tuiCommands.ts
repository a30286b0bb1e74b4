// Every command the TUI runs, plexterm's own and plugins' alike: key bindings, the palette and clicks all end up here.
import type { CommandContext } from '../api/index.js';
import type { PlexPlayQueueItem } from '../plex/models.js';
import { commandContextOf, isContainer, neighbourPane, playsAsQueue } from './state/index.js';
import { closeOverlay, openFilterMenu, openOverlay, paletteItems, type PluginCommand } from './overlays/index.js';
import type { Theme } from './themes/index.js';
import type { TuiApp } from './tuiApp.js';
import { nextSelectable } from './viewModels/index.js';

export interface CommandRunnerOptions {
  themes: readonly Theme[];
  pluginCommands: readonly PluginCommand[];
  /** Runs a plugin command with the context it was invoked in (its handler's first argument). */
  executePluginCommand(command: string, invocation: CommandContext): Promise<unknown>;
  /** Keeps the chosen theme for the next run (config.json "theme"). */
  saveTheme(id: string): Promise<void>;
}

/** Runs `command`; a plugin command gets `invocation`, else the context of a key binding made now. */
export type TuiCommandRunner = (app: TuiApp, command: string, invocation?: CommandContext) => Promise<void> | void;

export function createCommandRunner(context: CommandRunnerOptions): TuiCommandRunner {
  const own: Record<string, (app: TuiApp) => Promise<void> | void> = {
    'plexterm.cursorUp': (app) => moveCursor(app, -1),
    'plexterm.cursorDown': (app) => moveCursor(app, 1),
    'plexterm.pageUp': (app) => moveCursor(app, -(app.layout.list.cursor.height - 1)),
    'plexterm.pageDown': (app) => moveCursor(app, app.layout.list.cursor.height - 1),
    'plexterm.cursorTop': (app) => jump(app, 'top'),
    'plexterm.cursorBottom': (app) => jump(app, 'bottom'),
    'plexterm.focusLeft': (app) => app.setFocus(app.focus === 'details' ? 'list' : 'sidebar'),
    'plexterm.focusRight': (app) => (app.focus === 'sidebar' ? app.sidebarChosen(true) : app.setFocus('details')),
    'plexterm.focusNext': (app) => app.setFocus(neighbourPane(app.focus, 1, true, app.layout.cachePanelVisible)),
    'plexterm.focusPrevious': (app) => app.setFocus(neighbourPane(app.focus, -1, true, app.layout.cachePanelVisible)),
    'plexterm.open': (app) => open(app),
    'plexterm.back': (app) => app.back(),
    'plexterm.search': (app) => app.openSearch(),
    'plexterm.search.accept': (app) => app.closeSearch(true),
    'plexterm.search.close': (app) => app.closeSearch(false),
    'plexterm.filter': (app) => openFilterMenu(app),
    'plexterm.play': (app) => withItem(app, (item) => app.actions.start(item, 'play')),
    'plexterm.resume': (app) => withItem(app, (item) => app.actions.start(item, 'resume')),
    'plexterm.playFromStart': (app) => withItem(app, (item) => app.actions.start(item, 'fromStart')),
    'plexterm.stopPlayback': (app) => app.actions.stopPlayback(),
    'plexterm.queueNext': (app) => app.actions.skip(1),
    'plexterm.queuePrevious': (app) => app.actions.skip(-1),
    'plexterm.skipIntro': (app) => app.actions.skipIntro(),
    'plexterm.upNext.playNow': (app) => app.actions.upNextNow(),
    'plexterm.upNext.stay': (app) => app.actions.upNextStay(),
    'plexterm.cycleAudio': (app) => app.actions.cycleTrack('audio'),
    'plexterm.cycleSubtitles': (app) => app.actions.cycleTrack('subtitle'),
    'plexterm.toggleUpNext': (app) => {
      app.upNextVisible = !app.upNextVisible;
      app.draw();
    },
    'plexterm.playNext': (app) => withItem(app, (item) => app.actions.addToQueue(item, 'next')),
    'plexterm.addToQueue': (app) => withItem(app, (item) => app.actions.addToQueue(item, 'end')),
    'plexterm.upNext.play': (app) => withQueueEntry(app, async (entry) => app.actions.playInQueue(entry)),
    'plexterm.upNext.remove': (app) => withQueueEntry(app, (entry) => app.actions.removeFromQueue(entry)),
    'plexterm.upNext.moveUp': (app) => withQueueEntry(app, (entry) => app.actions.moveInQueue(entry, -1)),
    'plexterm.upNext.moveDown': (app) => withQueueEntry(app, (entry) => app.actions.moveInQueue(entry, 1)),
    'plexterm.toggleWatched': (app) => withItem(app, (item) => app.actions.toggleWatched(item)),
    'plexterm.togglePin': (app) => withItem(app, (item) => app.actions.togglePin(item)),
    'plexterm.evict': (app) => withItem(app, (item) => app.actions.evict(item)),
    'plexterm.cache.togglePin': (app) => withEntry(app, (key) => app.actions.togglePinEntry(key)),
    'plexterm.cache.evict': (app) => withEntry(app, (key) => app.actions.evictEntry(key)),
    'plexterm.toggleCachePanel': (app) => {
      app.layout.setCachePanelVisible(!app.layout.cachePanelVisible);
      if (!app.layout.cachePanelVisible && app.focus === 'cache') app.focus = 'list';
      app.draw();
    },
    'plexterm.commandPalette': (app) => openPalette(app, context, run),
    'plexterm.palette.accept': (app) => closeOverlay(app, true),
    'plexterm.palette.close': (app) => closeOverlay(app, false),
    'plexterm.pickTheme': (app) => pickTheme(app, context),
    'plexterm.help': (app) => openHelp(app),
    'plexterm.quit': (app) => app.quit(),
  };
  async function run(app: TuiApp, command: string, invocation?: CommandContext): Promise<void> {
    const handler = own[command];
    if (handler) return handler(app);
    app.showMessage(`running ${app.options.registry.title(command)}…`);
    const result = await context.executePluginCommand(command, invocation ?? commandContextOf(app, 'keybinding'));
    app.showMessage(`${app.options.registry.title(command)}: ${result === undefined || result === null ? 'done' : JSON.stringify(result).slice(0, 200)}`);
  }
  return run;
}

function moveCursor(app: TuiApp, delta: number): void {
  if (app.overlay) {
    app.overlay.picker.cursor.move(delta);
    const item = app.overlay.picker.selectedItem;
    if (item) app.overlay.preview?.(item.id);
    app.draw();
    return;
  }
  if (app.focus === 'sidebar') {
    const entries = app.browser.entries;
    let index = app.layout.sidebar.selected;
    for (let step = 0; step < Math.abs(delta); step += 1) index = nextSelectable(entries, index, delta > 0 ? 1 : -1);
    app.layout.sidebar.cursor.select(index);
    app.sidebarChosen(false);
    return;
  }
  if (app.focus === 'details' && app.upNextVisible) {
    app.queueSelection.move(app.actions.play?.queue ?? null, delta);
    app.draw();
    return;
  }
  if (app.focus === 'details') {
    app.layout.details.scroll(delta);
    app.draw();
    return;
  }
  if (app.focus === 'cache') {
    app.cacheSelection.move(app.cacheEntries.snapshots, delta);
    app.draw();
    return;
  }
  app.layout.list.cursor.move(delta);
  app.selectionMoved();
}

function jump(app: TuiApp, where: 'top' | 'bottom'): void {
  if (app.focus === 'details' && app.upNextVisible && !app.overlay) {
    app.queueSelection.move(app.actions.play?.queue ?? null, where === 'top' ? -Infinity : Infinity);
    app.draw();
    return;
  }
  if (app.focus === 'cache' && !app.overlay) {
    app.cacheSelection.move(app.cacheEntries.snapshots, where === 'top' ? -Infinity : Infinity);
    app.draw();
    return;
  }
  const cursor = app.overlay ? app.overlay.picker.cursor : app.focus === 'sidebar' ? app.layout.sidebar.cursor : app.layout.list.cursor;
  if (where === 'top') cursor.toTop();
  else cursor.toBottom();
  if (app.focus === 'sidebar' && !app.overlay) {
    const entries = app.browser.entries;
    if (entries[cursor.selected]?.heading) cursor.select(nextSelectable(entries, cursor.selected, where === 'top' ? 1 : -1));
    app.sidebarChosen(false);
  } else if (app.overlay) app.draw();
  else app.selectionMoved();
}

/** The entry selected in the cache panel. */
async function withEntry(app: TuiApp, action: (key: string) => Promise<void>): Promise<void> {
  const key = app.cacheSelection.selectedKey(app.cacheEntries.snapshots);
  if (key === null) {
    app.showMessage('the cache is empty');
    return;
  }
  await action(key);
}

/** The entry selected in Up next. */
async function withQueueEntry(app: TuiApp, action: (entry: PlexPlayQueueItem) => Promise<void>): Promise<void> {
  const entry = app.queueSelection.entry(app.actions.play?.running ? (app.actions.play.queue ?? null) : null);
  if (!entry) {
    app.showMessage('no queue is playing');
    return;
  }
  await action(entry);
  app.draw();
}

async function withItem(app: TuiApp, action: (item: NonNullable<TuiApp['selectedItem']>) => Promise<void>): Promise<void> {
  const item = app.detailsItem;
  if (!item) {
    app.showMessage('select an item first');
    return;
  }
  await action(item);
}

async function open(app: TuiApp): Promise<void> {
  if (app.focus === 'sidebar') {
    app.sidebarChosen(true);
    return;
  }
  const item = app.detailsItem;
  if (!item) return;
  // In the list a season (show, album, artist) opens; in the details pane, its page, Enter plays it as a queue, as a Plex client's Play does.
  if (isContainer(item) && !(app.focus === 'details' && playsAsQueue(item))) app.enterListing(item);
  else await app.actions.start(item, 'play');
}

/** What the palette offers and what its command acts on are both taken where it was opened, before it takes the focus. */
function openPalette(app: TuiApp, context: CommandRunnerOptions, run: (app: TuiApp, command: string, invocation?: CommandContext) => Promise<void>): void {
  const items = paletteItems(app.options.registry, context.pluginCommands, app.whenContext());
  const invocation = commandContextOf(app, 'palette');
  openOverlay(app, 'palette', 'Command palette', items, (choice) => {
    if (choice !== undefined) void run(app, choice, invocation).catch((error: unknown) => app.showMessage(`${choice} failed: ${error instanceof Error ? error.message : String(error)}`));
  });
}

function pickTheme(app: TuiApp, context: CommandRunnerOptions): void {
  const themes = context.themes;
  const before = themes.find((theme) => theme.id === app.themeId);
  const items = themes.map((theme) => ({ id: theme.id, label: theme.label, detail: `${theme.type}${theme.source === 'bundled' ? '' : ` · ${theme.source}`}` }));
  const apply = (id: string) => {
    const theme = themes.find((known) => known.id === id);
    if (theme) app.setTheme(theme);
  };
  openOverlay(app, 'theme', 'Theme', items, (choice) => {
    if (choice !== undefined) {
      apply(choice);
      const label = themes.find((theme) => theme.id === choice)?.label ?? choice;
      app.showMessage(`theme: ${label}`);
      context.saveTheme(choice).then(
        () => app.showMessage(`theme: ${label} (kept for next time)`),
        (error: unknown) => app.showMessage(`theme: ${label}, but it could not be kept for next time: ${error instanceof Error ? error.message : String(error)}`),
      );
    } else if (before) app.setTheme(before);
  }, apply);
  const current = items.findIndex((item) => item.id === app.themeId);
  if (current >= 0 && app.overlay) app.overlay.picker.cursor.select(current);
  app.draw();
}

function openHelp(app: TuiApp): void {
  const { registry } = app.options;
  // Bindings that were ignored or overlap come first: reported, never silently dropped.
  const problems = [...registry.problems, ...registry.conflicts].map((text, index) => ({ id: `problem-${index}`, label: `⚠ ${text}`, detail: '' }));
  const items = registry.describe().map((binding, index) => ({
    id: String(index),
    label: `${binding.label.padEnd(10)} ${binding.title}`,
    detail: binding.when ? `when ${binding.when}` : binding.source === 'default' ? '' : binding.source,
  }));
  openOverlay(app, 'help', 'Keys (type to filter, Esc closes)', [...problems, ...items], () => undefined, undefined, false);
}
