// View models: what the TUI shows as plain data and text, without blessed (sidebar entries, item rows,
// details lines, cache rows, the status line, pickers, the sign-in steps, listings held page by page),
// so each is tested on its own. The rest of the TUI imports this index only.
export { CacheSelection, cacheRow, cacheStateStyle, cacheSummary, cacheWindow, isDownloading, sortedEntries } from './cacheRows.js';
export { detailsLines } from './detailsLines.js';
export { clip, escapeTags, fit, formatDuration } from './formatting.js';
export { hubRows, isHubRow } from './hubRows.js';
export { cacheKeyOf, markerGlyphs, rowMarkers, rowText, watchMarker } from './itemRow.js';
export { ListCursor } from './listCursor.js';
export { PagedItems, type PageLoader } from './pagedItems.js';
export { PickerModel, type PickerItem } from './picker.js';
export { nextSelectable, queryLabel, queryParameters, sidebarEntries, type ListSource, type SectionQuery, type SidebarEntry } from './sidebarEntries.js';
export { SignInModel, type ServerOption, type SignInStep } from './signInModel.js';
export { connectionKindOf, statusParts } from './statusLine.js';
export { currentMarker, queuePosition, QueueSelection, selectedMarker, upNextLines, type UpNextLine } from './upNext.js';
