// Requests for cache entries that need no server round trip: an entry reopened from its record, and the file-name helpers they share.
import type { CachePartRequest } from './lifecycle/index.js';
import type { StoreEntry } from './store/index.js';

/** Reopens an entry from its record (for keys as `cache ls` shows them, and pinned downloads carried on). */
export function requestFromStore(stored: StoreEntry): CachePartRequest {
  const path = stored.upstreamPath.split('?')[0] ?? stored.upstreamPath;
  const fileName = lastSegment(/^https?:\/\//i.test(path) ? new URL(path).pathname : path) ?? 'file';
  return {
    key: stored.key,
    title: stored.title,
    upstreamPath: stored.upstreamPath,
    fileName,
    container: extensionOf(fileName),
    metadataSize: stored.totalSize,
  };
}

/** The last segment of a path, percent-decoded where it decodes; undefined for an empty path. */
export function lastSegment(path: string): string | undefined {
  const segment = path.split('/').filter(Boolean).pop();
  return segment === undefined ? undefined : safeDecode(segment);
}

/** `decodeURIComponent`, or the text as it is when it does not decode. */
export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** "mkv" for "Charade.mkv"; null without an extension. */
export function extensionOf(fileName: string): string | null {
  return /\.([a-z0-9]{1,8})$/i.exec(fileName)?.[1]?.toLowerCase() ?? null;
}
