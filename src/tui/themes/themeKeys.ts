// Every colour key a theme can set: what it paints, and the fallback for dark and light themes (documented in themes/README.md).

export interface ThemeColorKeyInfo {
  description: string;
  /** Used when a dark theme does not set the key. */
  dark: string;
  /** Used when a light theme does not set the key. */
  light: string;
}

export const themeColorKeys = {
  'editor.background': { description: 'Background of the item list and the details pane.', dark: '#1e1e1e', light: '#ffffff' },
  'editor.foreground': { description: 'Text of the item list and the details pane.', dark: '#d4d4d4', light: '#333333' },
  descriptionForeground: { description: 'Secondary text: years, durations, counts, hints.', dark: '#9d9d9d', light: '#717171' },
  'details.titleForeground': { description: 'The item title at the top of the details pane.', dark: '#ffffff', light: '#000000' },
  'sideBar.background': { description: 'Background of the sidebar (Home and the libraries).', dark: '#252526', light: '#f3f3f3' },
  'sideBar.foreground': { description: 'Text of the sidebar.', dark: '#cccccc', light: '#333333' },
  'sideBarSectionHeader.foreground': { description: 'Section headers in the sidebar ("Home", "Libraries").', dark: '#bbbbbb', light: '#6f6f6f' },
  'list.activeSelectionBackground': { description: 'Selected row of the focused list.', dark: '#04395e', light: '#0060c0' },
  'list.activeSelectionForeground': { description: 'Text of the selected row of the focused list.', dark: '#ffffff', light: '#ffffff' },
  'list.inactiveSelectionBackground': { description: 'Selected row of a list without focus.', dark: '#37373d', light: '#e4e6f1' },
  'list.inactiveSelectionForeground': { description: 'Text of the selected row of a list without focus.', dark: '#d4d4d4', light: '#333333' },
  'list.hoverBackground': { description: 'Row under the mouse pointer.', dark: '#2a2d2e', light: '#e8e8e8' },
  'list.watchedForeground': { description: 'Marker of a watched item.', dark: '#6a9955', light: '#388a34' },
  'list.partialForeground': { description: 'Marker of a partly watched item.', dark: '#d7ba7d', light: '#bf8803' },
  'list.cachedForeground': { description: 'Marker of an item whose bytes are in the local cache.', dark: '#4fc1ff', light: '#0070c1' },
  'list.pinnedForeground': { description: 'Marker of an item kept offline (pinned).', dark: '#c586c0', light: '#af00db' },
  'panel.background': { description: 'Background of the cache panel and of pop-ups (help, theme picker).', dark: '#1e1e1e', light: '#ffffff' },
  'panel.foreground': { description: 'Text of the cache panel and of pop-ups.', dark: '#cccccc', light: '#424242' },
  'panel.border': { description: 'Borders between panes and around pop-ups.', dark: '#454545', light: '#c8c8c8' },
  'panelTitle.activeForeground': { description: 'Titles drawn in pane borders.', dark: '#e7e7e7', light: '#424242' },
  focusBorder: { description: 'Border of the pane that has the keyboard focus.', dark: '#007fd4', light: '#0090f1' },
  'statusBar.background': { description: 'Background of the status bar.', dark: '#007acc', light: '#007acc' },
  'statusBar.foreground': { description: 'Text of the status bar.', dark: '#ffffff', light: '#ffffff' },
  'statusBar.offlineBackground': { description: 'Background of the status bar while the server cannot be reached.', dark: '#c72e0f', light: '#c72e0f' },
  'statusBar.offlineForeground': { description: 'Text of the status bar while the server cannot be reached.', dark: '#ffffff', light: '#ffffff' },
  'progressBar.background': { description: 'The empty part (track) of progress bars.', dark: '#3c3c3c', light: '#dddddd' },
  'progressBar.foreground': { description: 'The filled part of progress bars (cache progress, playback position).', dark: '#0e70c0', light: '#0e70c0' },
  'input.background': { description: 'Background of the search box and the palette input.', dark: '#3c3c3c', light: '#ffffff' },
  'input.foreground': { description: 'Typed text in the search box and the palette input.', dark: '#cccccc', light: '#616161' },
  'input.placeholderForeground': { description: 'Placeholder text in an empty input ("Search…").', dark: '#a6a6a6', light: '#767676' },
  'quickInput.background': { description: 'Background of the command palette and the theme picker.', dark: '#252526', light: '#f3f3f3' },
  'quickInput.foreground': { description: 'Text of the command palette and the theme picker.', dark: '#cccccc', light: '#616161' },
  'keybindingLabel.foreground': { description: 'Key names in the help screen and the palette ("ctrl+p").', dark: '#cccccc', light: '#555555' },
  'scrollbarSlider.background': { description: 'The scrollbar thumb of long lists.', dark: '#797979', light: '#a0a0a0' },
  errorForeground: { description: 'Error messages.', dark: '#f48771', light: '#a1260d' },
  warningForeground: { description: 'Warnings (an unknown theme key, a key binding conflict).', dark: '#cca700', light: '#bf8803' },
  'cache.readyForeground': { description: 'Cache state "ready" (and complete downloads).', dark: '#89d185', light: '#388a34' },
  'cache.workingForeground': { description: 'Cache states on the way: "new", "probing", "sized".', dark: '#75beff', light: '#1a85ff' },
  'cache.failedForeground': { description: 'Cache state "failed".', dark: '#f14c4c', light: '#e51400' },
  'cache.evictedForeground': { description: 'Cache state "evicted".', dark: '#9d9d9d', light: '#717171' },
  'cache.storedForeground': { description: 'Cache state "stored" (its bytes on disk, not open).', dark: '#4ec9b0', light: '#16825d' },
} as const satisfies Record<string, ThemeColorKeyInfo>;

export type ThemeColorKey = keyof typeof themeColorKeys;

export type ThemeColors = Record<ThemeColorKey, string>;

export const themeColorKeyNames = Object.keys(themeColorKeys) as ThemeColorKey[];

export function isThemeColorKey(key: string): key is ThemeColorKey {
  return Object.hasOwn(themeColorKeys, key);
}

/** The full set of fallback colours for a theme type. */
export function fallbackColors(type: 'dark' | 'light'): ThemeColors {
  const colors = {} as ThemeColors;
  for (const key of themeColorKeyNames) colors[key] = themeColorKeys[key][type];
  return colors;
}
