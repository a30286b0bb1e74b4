// Offline: what plexterm does while the server cannot be reached. Session, TUI and CLI import this index only.
// - Kept listings: every page the server answered is written to `<data>/listings`; a loader wrapped by
//   `rememberedLoader` answers from them when the server is away (`isServerUnreachable` in src/plex/plexErrors.ts says when that is).
// - Kept answers: `withKeptAnswers` wraps a client so `metadata` and `serverInfo` are kept and recalled,
//   which lets a pinned item play without the server.
// - Offline search: `searchKept` matches titles over what was kept.
// - The progress journal: timeline reports and scrobbles kept while the server is away, replayed with
//   offline=1 at the start of the next play. `TimelineReporter` is the playback service's ProgressReporter
//   (the session wires it in; playback, below offline, knows only the interface).
export type { LoadedPage, PageLoader } from './loadedPage.js';
export { ListingStore, keptRows, rememberedLoader } from './listingStore.js';
export { KeptAnswers, withKeptAnswers, type OfflineAnswers } from './offlineAnswers.js';
export { offlineSearchLimit, searchKept } from './offlineSearch.js';
export { TimelineJournal, type JournalEntry, type JournalFlushResult } from './timelineJournal.js';
export { TimelineReporter, isWorthRetryingLater, type TimelineClient } from './timelineReporter.js';
