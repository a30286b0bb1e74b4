// What a plugin may show: messages, a quick pick, status bar items.
import type { Disposable, PlainData } from './plainData.js';

export interface QuickPickItem {
  label: string;
  description?: string;
  /** Anything the plugin wants back with the chosen item (plain data). */
  value?: PlainData;
}

export interface StatusBarItem extends Disposable {
  text: string;
  tooltip: string;
  show(): void;
  hide(): void;
}

/** What plexterm shows of a status bar item; the same shape crosses to the main process. */
export interface StatusBarItemState {
  id: string;
  pluginId: string;
  text: string;
  tooltip: string;
  visible: boolean;
}

export interface UiApi {
  showMessage(text: string): Promise<void>;
  /** Resolves with the chosen item, or undefined when the person cancels. */
  showQuickPick(items: readonly QuickPickItem[]): Promise<QuickPickItem | undefined>;
  createStatusBarItem(): StatusBarItem;
}
