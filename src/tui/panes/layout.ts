// The TUI's panes and where they sit for a terminal size: sidebar, item list, details, cache panel, status bar and the overlay.
import type { Widgets } from 'blessed';
import type { Blessed } from '../screen/index.js';
import { applyStyle } from './styleTags.js';
import type { ResolvedTheme } from '../themes/index.js';
import { VirtualList, type VirtualListOptions } from './virtualList.js';

export type PaneName = 'sidebar' | 'list' | 'details';

export interface LayoutRows {
  sidebar: Omit<VirtualListOptions, 'parent'>;
  list: Omit<VirtualListOptions, 'parent'>;
  overlay: Omit<VirtualListOptions, 'parent'>;
}

export interface Geometry {
  sidebarWidth: number;
  detailsWidth: number;
  cachePanelHeight: number;
}

/** Column widths and panel height for a terminal of `width` × `height`; 80×24 is the smallest planned for. */
export function geometry(width: number, height: number, cachePanelVisible: boolean): Geometry {
  const sidebarWidth = Math.max(14, Math.min(28, Math.floor(width * 0.2)));
  const rest = Math.max(20, width - sidebarWidth);
  const detailsWidth = Math.max(24, Math.min(60, Math.floor(rest * 0.42)));
  const cachePanelHeight = cachePanelVisible ? Math.max(5, Math.min(12, Math.floor((height - 1) / 3))) : 0;
  return { sidebarWidth, detailsWidth, cachePanelHeight };
}

export class Layout {
  readonly sidebar: VirtualList;
  readonly list: VirtualList;
  readonly details: Widgets.BoxElement;
  readonly cachePanel: Widgets.BoxElement;
  readonly status: Widgets.BoxElement;
  readonly overlay: Widgets.BoxElement;
  readonly overlayInput: Widgets.BoxElement;
  readonly overlayList: VirtualList;
  private cachePanelShown = false;

  constructor(
    blessed: Blessed,
    readonly screen: Widgets.Screen,
    rows: LayoutRows,
  ) {
    const framed = { border: { type: 'line' as const }, tags: true };
    this.sidebar = new VirtualList(blessed, { ...rows.sidebar, parent: screen, box: { border: { type: 'line' }, label: ' Plex ' } });
    this.list = new VirtualList(blessed, { ...rows.list, parent: screen, box: { border: { type: 'line' }, label: ' Items ' } });
    this.details = blessed.box({ parent: screen, ...framed, label: ' Details ', scrollable: true, alwaysScroll: true, mouse: true, clickable: true, wrap: false });
    this.cachePanel = blessed.box({ parent: screen, ...framed, label: ' Cache ', hidden: true, mouse: true, clickable: true, wrap: false });
    this.status = blessed.box({ parent: screen, bottom: 0, left: 0, height: 1, width: '100%', tags: true, wrap: false });
    // Children sit relative to the overlay's outer edge: row 0 and column 0 are its border, its title is the label.
    this.overlay = blessed.box({ parent: screen, tags: true, hidden: true, top: 'center', left: 'center', width: 60, height: 20, border: { type: 'line' } });
    this.overlayInput = blessed.box({ parent: this.overlay, top: 1, left: 1, right: 1, height: 1, tags: true });
    this.overlayList = new VirtualList(blessed, { ...rows.overlay, parent: this.overlay, box: { top: 2, left: 1, right: 1, bottom: 1 } });
    this.place();
  }

  get cachePanelVisible(): boolean {
    return this.cachePanelShown;
  }

  setCachePanelVisible(visible: boolean): void {
    this.cachePanelShown = visible;
    if (visible) this.cachePanel.show();
    else this.cachePanel.hide();
    this.place();
  }

  /** Sets every pane's position for the screen's current size. */
  place(): void {
    const width = this.screen.width as number;
    const height = this.screen.height as number;
    const shape = geometry(width, height, this.cachePanelShown);
    const bodyHeight = Math.max(3, height - 1 - shape.cachePanelHeight);
    const set = (element: Widgets.BoxElement, left: number, top: number, paneWidth: number, paneHeight: number) => {
      element.left = left;
      element.top = top;
      element.width = Math.max(1, paneWidth);
      element.height = Math.max(1, paneHeight);
    };
    set(this.sidebar.box, 0, 0, shape.sidebarWidth, height - 1);
    const listWidth = width - shape.sidebarWidth - shape.detailsWidth;
    set(this.list.box, shape.sidebarWidth, 0, listWidth, bodyHeight);
    set(this.details, shape.sidebarWidth + listWidth, 0, shape.detailsWidth, bodyHeight);
    set(this.cachePanel, shape.sidebarWidth, bodyHeight, width - shape.sidebarWidth, shape.cachePanelHeight);
    this.overlay.width = Math.max(30, Math.min(76, width - 4));
    this.overlay.height = Math.max(6, Math.min(22, height - 4));
  }

  /** Paints every pane in the theme; the focused pane's border takes the focus colour. */
  applyTheme(theme: ResolvedTheme, focus: PaneName | 'cache' | 'overlay' | null): void {
    const { styles } = theme;
    applyStyle(this.sidebar.box, styles.sideBar);
    applyStyle(this.list.box, styles.editor);
    applyStyle(this.details, styles.editor);
    applyStyle(this.cachePanel, styles.panel);
    applyStyle(this.status, styles.statusBar);
    applyStyle(this.overlay, styles.quickInput);
    applyStyle(this.overlayInput, styles.input);
    applyStyle(this.overlayList.box, styles.quickInput);
    const border = (element: Widgets.BoxElement, focused: boolean, background: ResolvedTheme['styles']['editor']) => {
      const style = element.style as { border?: object; label?: object };
      const colours = focused ? styles.focusBorder : styles.panelBorder;
      style.border = { fg: colours.fg, bg: background.bg, bold: focused && colours.bold };
      style.label = { fg: focused ? styles.panelTitle.fg : styles.description.fg, bg: background.bg, bold: focused };
    };
    border(this.sidebar.box, focus === 'sidebar', styles.sideBar);
    border(this.list.box, focus === 'list', styles.editor);
    border(this.details, focus === 'details', styles.editor);
    border(this.cachePanel, focus === 'cache', styles.panel);
    border(this.overlay, focus === 'overlay', styles.quickInput);
  }
}
