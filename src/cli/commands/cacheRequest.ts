// What `plexterm cache` commands open: a Plex item's first part, a plain http(s) URL, or an entry the store already knows.
import { createHash } from 'node:crypto';
import type { CachePartRequest } from '../../cache/cacheEntry.js';
import type { CacheManager } from '../../cache/cacheManager.js';
import { extensionOf, lastSegment, requestFromStore, safeDecode } from '../../cache/partRequest.js';
import { UsageError } from '../../base/errors.js';
import { redact } from '../../base/redact.js';
import type { CliSession } from '../session.js';
import { displayTitle } from './library.js';

/** `/library/parts/{partId}/{changestamp}/{file}` */
const partKeyPattern = /^\/library\/parts\/([^/]+)\/([^/]+)\//;

/** The first part of the item's first media, keyed by server, part id and changestamp. */
export async function requestForItem(session: CliSession, ratingKey: string): Promise<CachePartRequest> {
  const client = await session.client();
  const [item, server] = await Promise.all([client.metadata(ratingKey), client.serverInfo()]);
  const media = item.Media?.[0];
  const part = media?.Part?.[0];
  if (!media || !part) throw new UsageError(`${displayTitle(item)} (${ratingKey}) has no media file to cache`);
  const match = partKeyPattern.exec(part.key);
  const partId = match?.[1] ?? String(part.id);
  const changestamp = match?.[2] ?? String(item.updatedAt ?? 0);
  return {
    key: `${server.machineIdentifier}/${partId}/${changestamp}`,
    title: displayTitle(item),
    upstreamPath: part.key,
    fileName: lastSegment(part.key) ?? 'file',
    container: part.container ?? media.container ?? null,
    metadataSize: typeof part.size === 'number' ? part.size : null,
  };
}

/** Any http(s) URL: keyed by its hash, fetched without a token. */
export function requestForUrl(text: string): CachePartRequest {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--url needs an http(s) address, not ${JSON.stringify(redact(text))}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--url needs an http(s) address, not a ${url.protocol} one`);
  const fileName = lastSegment(url.pathname) ?? 'file';
  return {
    key: `url/${createHash('sha256').update(url.href).digest('hex')}`,
    title: `${url.host}${safeDecode(url.pathname)}`,
    upstreamPath: url.href,
    fileName,
    container: extensionOf(fileName),
    metadataSize: null,
  };
}

function looksLikeRatingKey(argument: string): boolean {
  return /^\d+$/.test(argument);
}

/**
 * The request for a `pin` argument: a key the store knows (as `cache ls` shows it), or a ratingKey
 * resolved through the server.
 */
export async function requestForArgument(session: CliSession, cache: CacheManager, argument: string): Promise<CachePartRequest> {
  const stored = cache.store.get(argument);
  if (stored) {
    await session.assertCanFetch(stored.upstreamPath);
    return requestFromStore(stored);
  }
  if (looksLikeRatingKey(argument)) return requestForItem(session, argument);
  throw unknownEntry(argument);
}

/** The cache key for an `unpin` or `evict` argument: a key as `cache ls` shows it, or a ratingKey resolved through the server. */
export async function keyForArgument(session: CliSession, cache: CacheManager, argument: string): Promise<string> {
  if (cache.store.has(argument) || cache.entry(argument)) return argument;
  if (looksLikeRatingKey(argument)) {
    const { key } = await requestForItem(session, argument);
    if (cache.store.has(key)) return key;
    throw new UsageError(`item ${argument} is not in the cache (key ${key}); see \`plexterm cache ls\``);
  }
  throw unknownEntry(argument);
}

function unknownEntry(argument: string): UsageError {
  return new UsageError(`no cache entry ${JSON.stringify(redact(argument))}: give a ratingKey or a KEY as \`plexterm cache ls\` shows it`);
}
