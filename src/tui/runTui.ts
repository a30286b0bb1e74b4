// `runTui`: opens the TUI on the services it is given (a session's, or a benchmark's), draws at once, fills in the server, cache and plugins as they answer.
import { join } from 'node:path';
import type { Widgets } from 'blessed';
import { loadConfig, saveConfig, type PlextermConfig } from '../base/config.js';
import { assetPath } from '../base/packageRoot.js';
import type { PlextermPaths } from '../base/paths.js';
import type { CacheManager } from '../cache/index.js';
import type { ExtensionService } from '../extensions/extensionService.js';
import type { PlaybackService } from '../playback/playbackService.js';
import { defaultPrefetchPoint } from '../playback/queue/queuePrefetch.js';
import type { PlexClient } from '../plex/client.js';
import type { TuiHostBridge } from './hostBridge.js';
import { KeybindingDispatcher, KeybindingRegistry, type PluginKeybindings } from './keys/index.js';
import { ListingStore, rememberedLoader } from '../offline/index.js';
import { createTuiScreen, quietConsole } from './screen/index.js';
import { findTheme, loadThemes, type PluginThemeInput, type Theme } from './themes/index.js';
import { askTrust, type PluginCommand } from './overlays/index.js';
import { createCommandRunner } from './tuiCommands.js';
import { TuiApp } from './tuiApp.js';
import { handleKeypress } from './handleKeypress.js';
import { connectionKindOf } from './viewModels/index.js';

export type TuiClient = Pick<
  PlexClient,
  'serverInfo' | 'sections' | 'sectionItems' | 'children' | 'search' | 'onDeck' | 'continueWatching' | 'recentlyAdded' | 'metadata' | 'scrobble' | 'unscrobble'
  | 'hubs' | 'items' | 'sectionFilters' | 'sectionSorts' | 'filterValues' | 'createPlayQueue' | 'playQueue' | 'setStreams'
  | 'addToPlayQueue' | 'removeFromPlayQueue' | 'movePlayQueueItem'
>;

/** What the TUI uses of the extension service. */
export type TuiExtensions = Pick<ExtensionService, 'plugins' | 'executeCommand' | 'fireStartupFinished' | 'offReason' | 'trustRequests' | 'trust'>;

export interface TuiDependencies {
  client: TuiClient;
  cache(): Promise<CacheManager>;
  playback(): Promise<PlaybackService>;
  /** Gets a player ready (its plugin activated) before a play asks for it. */
  preparePlayer(playerId: string): Promise<void>;
  extensions(): Promise<TuiExtensions>;
  /** Plugins' ui and terminal calls; the TUI attaches to it while it runs. */
  bridge: TuiHostBridge;
  paths: PlextermPaths;
  /** The listings kept for offline browsing (the session's); the TUI keeps its own in `<data>/listings` without. */
  listings?: ListingStore;
  config: PlextermConfig;
  server: { url: string; name: string | undefined };
  /** One line to the log file; nothing may reach stdout or stderr while the screen is up. */
  log(line: string): void;
  environment?: NodeJS.ProcessEnv;
  /** Other streams than stdin and stdout (benchmarks). */
  streams?: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream };
  /** Called once the first frame is drawn (benchmarks time it and drive the app). */
  onFirstPaint?(app: TuiApp): void;
}

const defaultPlayerId = 'mpv';

/** Runs until the person quits; resolves with the exit code (0). */
export async function runTui(dependencies: TuiDependencies): Promise<number> {
  const { log, config } = dependencies;
  const restoreConsole = quietConsole(log);
  const listings = dependencies.listings ?? new ListingStore(join(dependencies.paths.data, 'listings'), log);
  const tuiScreen = createTuiScreen({ environment: dependencies.environment ?? process.env, log, ...(dependencies.streams ? { streams: dependencies.streams } : {}) });
  let app: TuiApp | undefined;
  try {
    const bundled = await loadThemes({ bundledDir: assetPath('themes') });
    for (const warning of bundled.warnings) log(`themes: ${warning}`);
    let themes: Theme[] = bundled.themes;
    const configuredTheme = typeof config.theme === 'string' ? config.theme : undefined;
    const theme = findTheme(themes, configuredTheme);
    if (!theme) throw new Error('no colour theme could be loaded');
    const registry = keybindings(config, [], log);
    const dispatcher = new KeybindingDispatcher(registry);
    const pluginCommands: PluginCommand[] = [];
    const playerId = typeof config.player === 'string' && config.player !== '' ? config.player : defaultPlayerId;
    const runCommand = createCommandRunner({
      get themes() {
        return themes;
      },
      pluginCommands,
      executePluginCommand: async (command, invocation) => (await dependencies.extensions()).executeCommand(command, invocation),
      saveTheme: async (id) => {
        // Read again first: the file may have changed since the TUI started (a login elsewhere).
        const { config: current } = await loadConfig(dependencies.paths.config);
        await saveConfig(dependencies.paths.config, { ...current, theme: id });
      },
    });
    app = new TuiApp({
      tuiScreen,
      client: dependencies.client,
      actions: {
        cache: dependencies.cache,
        playback: dependencies.playback,
        preparePlayer: dependencies.preparePlayer,
        playersOff: async () => (await dependencies.extensions()).offReason,
        playerId,
        playOptions: {
          ...(config.skipIntro === 'ask' || config.skipIntro === 'auto' || config.skipIntro === 'never' ? { skipIntro: config.skipIntro } : {}),
          autoplay: config.autoplay !== false,
          prefetch: { ...defaultPrefetchPoint, ...config.prefetch },
        },
      },
      themes,
      theme,
      registry,
      dispatcher,
      serverName: dependencies.server.name ?? new URL(dependencies.server.url).host,
      connection: connectionKindOf(dependencies.server.url),
      machineIdentifier: null,
      listings,
      serverKey: dependencies.server.url,
      log,
      runCommand,
    });
    const running = app;
    tuiScreen.screen.on('keypress', (character: string | undefined, key: Widgets.Events.IKeyEventArg | undefined) => handleKeypress(running, character, key));
    dependencies.bridge.attach(running);
    running.draw();
    log(`first frame ${Math.round(performance.now())} ms after the process started`);
    dependencies.onFirstPaint?.(running);
    void connect(running, dependencies, listings);
    dependencies.cache().then(
      (cache) => running.cacheEntries.attach(cache),
      (error: unknown) => running.showMessage(`cache unavailable: ${describe(error)}`),
    );
    dependencies.extensions().then(
      async (service) => {
        // Third-party plugins new or changed since they were trusted: asked about one at a time, before their contributions are read.
        for (const request of service.trustRequests()) {
          if (!(await askTrust(running, request))) continue;
          await service.trust(request.id, { runNow: true }).then(
            () => running.showMessage(`plugin ${request.id} trusted`),
            (error: unknown) => running.showMessage(`plugin ${request.id} could not be trusted: ${describe(error)}`),
          );
        }
        // Untrusted plugins add nothing: no commands, themes or keys.
        const plugins = service.plugins().filter((plugin) => plugin.state !== 'untrusted');
        for (const plugin of plugins) {
          for (const command of plugin.contributes.commands ?? []) {
            pluginCommands.push({ command: command.command, title: command.category ? `${command.category}: ${command.title}` : command.title, pluginId: plugin.id });
          }
          if (plugin.error) log(`plugins: ${plugin.error}`);
        }
        log(`plugins: ${plugins.length} read, their ${pluginCommands.length} commands in the palette`);
        const pluginThemes: PluginThemeInput[] = plugins.flatMap((plugin) =>
          (plugin.contributes.themes ?? []).map((contribution) => ({ ...contribution, pluginId: plugin.id, pluginFolder: plugin.folder })),
        );
        if (pluginThemes.length > 0) {
          const loaded = await loadThemes({ bundledDir: assetPath('themes'), pluginThemes });
          for (const warning of loaded.warnings) log(`themes: ${warning}`);
          themes = loaded.themes;
          // A plugin's theme chosen in an earlier run is put on once its plugin is read.
          const kept = loaded.themes.find((known) => known.id === configuredTheme);
          if (kept && running.themeId !== kept.id) running.setTheme(kept);
        }
        const contributions = plugins.map((plugin) => ({ pluginId: plugin.id, keybindings: plugin.contributes.keybindings ?? [], commands: plugin.contributes.commands ?? [] }));
        const withPlugins = keybindings(config, contributions, log, (text) => running.showMessage(text));
        running.options.registry = withPlugins;
        dispatcher.setRegistry(withPlugins);
        await service.fireStartupFinished();
      },
      (error: unknown) => running.showMessage(`plugins unavailable: ${describe(error)}`),
    );
    // A closed SSH connection (SIGHUP) or a kill ends the TUI the way q does: the terminal is put back, playback stopped.
    const quit = () => running.quit();
    const signals = ['SIGTERM', 'SIGHUP', 'SIGINT'] as const;
    for (const signal of signals) process.on(signal, quit);
    try {
      await running.quitRequested;
    } finally {
      for (const signal of signals) process.off(signal, quit);
    }
    return 0;
  } finally {
    dependencies.bridge.detach();
    app?.dispose();
    await listings.flush();
    tuiScreen.destroy();
    restoreConsole();
  }
}

/** Server name and machine identifier (for cache markers), then the libraries; the first Home row is opened. */
async function connect(app: TuiApp, dependencies: TuiDependencies, listings: ListingStore): Promise<void> {
  const server = dependencies.server.url;
  const fetchInfo = async () => {
    const info = await dependencies.client.serverInfo();
    return { items: [{ machineIdentifier: info.machineIdentifier, name: info.friendlyName }], totalSize: 1 };
  };
  const fetchSections = async () => {
    const sections = await dependencies.client.sections();
    return { items: sections, totalSize: sections.length };
  };
  const reachable = (error: unknown | null) => app.setReachable(error);
  try {
    const [info] = (await rememberedLoader(fetchInfo, listings, `${server}|server`, reachable)(0, 1)).items;
    app.options.machineIdentifier = info?.machineIdentifier ?? null;
    app.options.serverName = dependencies.server.name ?? info?.name ?? app.options.serverName;
    app.browser.setSections((await rememberedLoader(fetchSections, listings, `${server}|sections`, reachable)(0, 1000)).items);
  } catch (error) {
    app.setReachable(error);
    app.showMessage(`the server cannot be reached, and nothing was kept from an earlier run: ${describe(error)}`);
  }
  // The first Home row, unless the person has moved already: keys typed while the libraries loaded are theirs.
  if (app.layout.sidebar.selected === 0) app.layout.sidebar.cursor.select(1);
  app.sidebarChosen(false);
}

function keybindings(config: PlextermConfig, plugins: readonly PluginKeybindings[], log: (line: string) => void, show?: (text: string) => void): KeybindingRegistry {
  const registry = new KeybindingRegistry({ plugins, config: config.keybindings });
  for (const problem of registry.problems) log(`keybindings: ${problem}`);
  for (const conflict of registry.conflicts) log(`keybindings: ${conflict}`);
  const count = registry.problems.length + registry.conflicts.length;
  if (count > 0) show?.(`${count} key binding problem${count === 1 ? '' : 's'}: ? lists ${count === 1 ? 'it' : 'them'} first`);
  return registry;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
