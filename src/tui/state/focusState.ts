// The TUI's own state that key bindings read: which part has the focus, what overlay is open, and the `when` contexts from it.
import type { WhenContext } from '../../extensions/whenClause.js';
import type { PickerModel } from '../viewModels/index.js';

export type Focus = 'sidebar' | 'list' | 'details' | 'cache' | 'search';

export type OverlayKind = 'palette' | 'theme' | 'help' | 'quickPick' | 'trust';

export interface OpenOverlay {
  kind: OverlayKind;
  picker: PickerModel;
  /** Called with the chosen item id (or undefined when closed without a choice). */
  settle(choice: string | undefined): void;
  /** The theme picker previews as the selection moves. */
  preview?(id: string): void;
}

export interface TuiStateInput {
  focus: Focus;
  overlay: OpenOverlay | null;
  playerRunning: boolean;
  cachePanelVisible: boolean;
  offline: boolean;
  /** What the status bar offers while something plays, if anything. */
  prompt?: 'skipIntro' | 'upNext' | null;
  /** The details pane shows Up next (the play queue) instead of the item. */
  upNextVisible?: boolean;
  /** The type of the item under the list's cursor; undefined when there is none. */
  itemType?: string | undefined;
}

export function whenContextOf(state: TuiStateInput): WhenContext {
  const overlay = state.overlay !== null;
  return {
    listFocus: !overlay && state.focus === 'list',
    sidebarFocus: !overlay && state.focus === 'sidebar',
    detailsFocus: !overlay && state.focus === 'details',
    upNextFocus: !overlay && state.focus === 'details' && state.upNextVisible === true,
    cacheFocus: !overlay && state.focus === 'cache',
    searchFocus: !overlay && state.focus === 'search',
    paletteOpen: overlay,
    playerRunning: state.playerRunning,
    cachePanelVisible: state.cachePanelVisible,
    offline: state.offline,
    skipIntroShown: state.prompt === 'skipIntro',
    upNextShown: state.prompt === 'upNext',
    itemSelected: state.itemType !== undefined,
    itemType: state.itemType ?? '',
  };
}

const panes: readonly Focus[] = ['sidebar', 'list', 'details'];

/**
 * The pane to the left or right of `focus` (search counts as the list). Tab and Shift+Tab (`wrap`)
 * also reach the cache panel after the details while it is shown; left and right pass it by.
 */
export function neighbourPane(focus: Focus, step: 1 | -1, wrap = false, cachePanelVisible = false): Focus {
  if (wrap) {
    const cycle: readonly Focus[] = cachePanelVisible ? [...panes, 'cache'] : panes;
    const index = Math.max(0, cycle.indexOf(focus === 'search' ? 'list' : focus));
    return cycle[(index + step + cycle.length) % cycle.length] as Focus;
  }
  const index = panes.indexOf(focus === 'search' || focus === 'cache' ? 'list' : focus);
  return panes[Math.max(0, Math.min(panes.length - 1, index + step))] as Focus;
}
