// The overlays over the panes, each a filterable picker: the command palette's rows, the filter menu (f),
// the trust question about a new plugin, and opening, following and closing whichever is up (theme picker,
// key help and plugins' quick picks included). The rest of the TUI imports this index only.
export { openFilterMenu, type FilterClient } from './filterMenu.js';
export { closeOverlay, openOverlay, overlayMoved } from './overlayPicker.js';
export { paletteItems, type PluginCommand } from './paletteItems.js';
export { askTrust } from './trustPrompt.js';
