// Fetching an entry's bytes into its data file: the downloader (readers first, then read-ahead, then the rest in the
// background), its pool of range fetches with retries, the recorder of written ranges, and size discovery for a
// server that knows no size.
export { EntryDownloader, type EntryDownloaderOptions } from './downloader.js';
export { discoverSizeByDownloading } from './sizeDiscovery.js';
