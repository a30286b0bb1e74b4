// What the main process offers plugins: the services the CLI and the TUI implement, and headless defaults for ui and terminal.
import { spawn } from 'node:child_process';
import { childEnvironment } from '../base/childEnvironment.js';
import type { CacheApi, LibraryApi, PlaybackApi, QuickPickItem, StatusBarItemState } from '../api/index.js';

/**
 * The main side answers plugins' library, cache and playback calls with exactly the API they see. Playback is
 * `PlaybackApi` itself: `PlaybackService` names the class in src/playback that does the playing.
 */
export type LibraryService = LibraryApi;
export type CacheService = CacheApi;

export interface UiService {
  showMessage(pluginId: string, text: string): Promise<void>;
  showQuickPick(pluginId: string, items: QuickPickItem[]): Promise<QuickPickItem | undefined>;
  setStatusBarItem(item: StatusBarItemState): void;
  removeStatusBarItem(pluginId: string, itemId: string): void;
}

export interface TerminalService {
  /** Runs a command on the person's terminal; the TUI suspends its screen meanwhile. Resolves with the exit code. */
  run(command: string, args: string[]): Promise<number>;
}

/**
 * The handlers plugin requests are answered by. Payloads are plain data, and no service ever hands
 * a plugin the Plex token: the main process performs the Plex requests.
 */
export interface MainServices {
  library: LibraryService;
  cache: CacheService;
  playback: PlaybackApi;
  ui: UiService;
  terminal: TerminalService;
}

/** Without a screen: messages go to the log, quick picks are cancelled, status bar items are only remembered. */
export function headlessUi(log: (line: string) => void): UiService {
  const items = new Map<string, StatusBarItemState>();
  return {
    async showMessage(pluginId, text) {
      log(`[plugin: ${pluginId}] message: ${text}`);
    },
    async showQuickPick() {
      return undefined;
    },
    setStatusBarItem(item) {
      items.set(item.id, item);
    },
    removeStatusBarItem(_pluginId, itemId) {
      items.delete(itemId);
    },
  };
}

/**
 * Runs the command on the terminal plexterm itself runs on (stdio inherited), in what the allowlist lets
 * through of the run's `environment`: no PLEXTERM_* secret.
 */
export function headlessTerminal(environment: NodeJS.ProcessEnv): TerminalService {
  return {
    run(command, args) {
      return new Promise<number>((resolve, reject) => {
        const child = spawn(command, args, { stdio: 'inherit', env: childEnvironment(environment) });
        child.once('error', reject);
        child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
      });
    },
  };
}
