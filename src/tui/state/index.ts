// What the TUI holds and does apart from drawing: the listings shown and how they were reached (Browser),
// what the keys do to the selected item (play, watched, keep, evict), the cache's entries as they change,
// the focus and open overlay with the `when` contexts they give, and what a command acts on. The rest of
// the TUI imports this index only.
export { Browser, containerSource, isContainer, type BrowserClient } from './browser.js';
export { commandContextOf } from './commandInvocation.js';
export { neighbourPane, whenContextOf, type Focus, type OpenOverlay, type OverlayKind } from './focusState.js';
export { ItemActions, playsAsQueue, type ActionServices, type CurrentPlay } from './itemActions.js';
export { LiveCacheEntries } from './liveCacheEntries.js';
