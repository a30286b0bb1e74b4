// What plugins reach of the screen (messages, quick picks, status bar items, the terminal) — held until the TUI is up, then passed to it.
import type { QuickPickItem, StatusBarItemState } from '../api/index.js';
import type { TerminalService, UiService } from '../extensions/mainServices.js';

/** The TUI side of the bridge. */
export interface TuiHost {
  showMessage(text: string): void;
  showQuickPick(title: string, items: QuickPickItem[]): Promise<QuickPickItem | undefined>;
  setStatusBarItem(item: StatusBarItemState): void;
  removeStatusBarItem(pluginId: string, itemId: string): void;
  runOnTerminal(command: string, args: string[]): Promise<number>;
}

export class TuiHostBridge implements UiService, TerminalService {
  private host: TuiHost | null = null;
  private readonly pendingItems = new Map<string, StatusBarItemState>();

  constructor(private readonly log: (line: string) => void) {}

  /** The TUI is drawn: plugin calls reach it from now on (status items set before are shown). */
  attach(host: TuiHost): void {
    this.host = host;
    for (const item of this.pendingItems.values()) host.setStatusBarItem(item);
    this.pendingItems.clear();
  }

  detach(): void {
    this.host = null;
  }

  /** plexterm's own message for the status bar (logged too); dropped when the TUI is not up. */
  message(text: string): void {
    this.log(`message: ${text}`);
    this.host?.showMessage(text);
  }

  async showMessage(pluginId: string, text: string): Promise<void> {
    this.log(`[plugin: ${pluginId}] message: ${text}`);
    this.host?.showMessage(`[${pluginId}] ${text}`);
  }

  async showQuickPick(pluginId: string, items: QuickPickItem[]): Promise<QuickPickItem | undefined> {
    return this.host ? this.host.showQuickPick(pluginId, items) : undefined;
  }

  setStatusBarItem(item: StatusBarItemState): void {
    if (this.host) this.host.setStatusBarItem(item);
    else this.pendingItems.set(`${item.pluginId}/${item.id}`, item);
  }

  removeStatusBarItem(pluginId: string, itemId: string): void {
    if (this.host) this.host.removeStatusBarItem(pluginId, itemId);
    else this.pendingItems.delete(`${pluginId}/${itemId}`);
  }

  /** A plugin's program on the person's terminal: the TUI steps aside meanwhile. Without the TUI it cannot run. */
  run(command: string, args: string[]): Promise<number> {
    if (!this.host) return Promise.reject(new Error('the terminal is not available: the TUI is not running'));
    return this.host.runOnTerminal(command, args);
  }
}
