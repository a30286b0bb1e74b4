// The parts of the TUI a theme paints: each pairs a foreground and a background key, with the attributes used without colour.
import type { ThemeColorKey } from './themeKeys.js';

export interface TextAttributes {
  bold?: boolean;
  inverse?: boolean;
  underline?: boolean;
}

export interface ThemeStyleDefinition {
  fg: ThemeColorKey;
  bg: ThemeColorKey;
  /**
   * The background this part is drawn over. When colours are reduced (8 or 16) and `bg` becomes
   * the same colour as `over`, the part would vanish: the monochrome attributes are used then.
   */
  over?: ThemeColorKey;
  /** Attributes that carry the meaning when there are no colours (NO_COLOR) or too few. */
  monochrome: TextAttributes;
}

const editor = 'editor.background';

export const themeStyles = {
  editor: { fg: 'editor.foreground', bg: editor, monochrome: {} },
  description: { fg: 'descriptionForeground', bg: editor, monochrome: {} },
  detailsTitle: { fg: 'details.titleForeground', bg: editor, monochrome: { bold: true } },
  sideBar: { fg: 'sideBar.foreground', bg: 'sideBar.background', monochrome: {} },
  sideBarSectionHeader: { fg: 'sideBarSectionHeader.foreground', bg: 'sideBar.background', monochrome: { bold: true } },
  activeSelection: {
    fg: 'list.activeSelectionForeground', bg: 'list.activeSelectionBackground', over: editor, monochrome: { bold: true, inverse: true },
  },
  inactiveSelection: {
    fg: 'list.inactiveSelectionForeground', bg: 'list.inactiveSelectionBackground', over: editor, monochrome: { underline: true },
  },
  hover: { fg: 'editor.foreground', bg: 'list.hoverBackground', over: editor, monochrome: { underline: true } },
  watchedMarker: { fg: 'list.watchedForeground', bg: editor, monochrome: {} },
  partialMarker: { fg: 'list.partialForeground', bg: editor, monochrome: {} },
  cachedMarker: { fg: 'list.cachedForeground', bg: editor, monochrome: {} },
  pinnedMarker: { fg: 'list.pinnedForeground', bg: editor, monochrome: { bold: true } },
  panel: { fg: 'panel.foreground', bg: 'panel.background', monochrome: {} },
  panelBorder: { fg: 'panel.border', bg: 'panel.background', monochrome: {} },
  panelTitle: { fg: 'panelTitle.activeForeground', bg: 'panel.background', monochrome: { bold: true } },
  focusBorder: { fg: 'focusBorder', bg: 'panel.background', monochrome: { bold: true } },
  statusBar: { fg: 'statusBar.foreground', bg: 'statusBar.background', over: editor, monochrome: { inverse: true } },
  statusBarOffline: {
    fg: 'statusBar.offlineForeground', bg: 'statusBar.offlineBackground', over: 'statusBar.background', monochrome: { bold: true, inverse: true },
  },
  /** `fg` is the filled part, `bg` the track: draw the filled cells with a block character. */
  progressBar: { fg: 'progressBar.foreground', bg: 'progressBar.background', monochrome: {} },
  input: { fg: 'input.foreground', bg: 'input.background', over: 'quickInput.background', monochrome: { underline: true } },
  inputPlaceholder: { fg: 'input.placeholderForeground', bg: 'input.background', monochrome: {} },
  quickInput: { fg: 'quickInput.foreground', bg: 'quickInput.background', monochrome: {} },
  keybindingLabel: { fg: 'keybindingLabel.foreground', bg: 'panel.background', monochrome: { bold: true } },
  scrollbar: { fg: 'scrollbarSlider.background', bg: 'editor.background', monochrome: { inverse: true } },
  error: { fg: 'errorForeground', bg: editor, monochrome: { bold: true } },
  warning: { fg: 'warningForeground', bg: editor, monochrome: { bold: true } },
  cacheReady: { fg: 'cache.readyForeground', bg: 'panel.background', monochrome: { bold: true } },
  cacheWorking: { fg: 'cache.workingForeground', bg: 'panel.background', monochrome: {} },
  cacheFailed: { fg: 'cache.failedForeground', bg: 'panel.background', monochrome: { bold: true, underline: true } },
  cacheEvicted: { fg: 'cache.evictedForeground', bg: 'panel.background', monochrome: {} },
  cacheStored: { fg: 'cache.storedForeground', bg: 'panel.background', monochrome: {} },
} as const satisfies Record<string, ThemeStyleDefinition>;

export type ThemeStyleName = keyof typeof themeStyles;

export const themeStyleNames = Object.keys(themeStyles) as ThemeStyleName[];
