// The panes on the screen: where each sits for a terminal size (sidebar, item list, details, cache panel,
// status bar, overlay), lists that draw only the rows in view, and the panes' text from the view models in
// the theme's colours. The rest of the TUI imports this index only.
export { Layout } from './layout.js';
export { drawFrame, itemRowText, overlayRowText, sidebarRowText } from './paneText.js';
export { openTags } from './styleTags.js';
