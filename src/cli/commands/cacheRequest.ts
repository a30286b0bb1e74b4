// What `plexterm cache` commands open: a Plex item's first part, a plain http(s) URL, or an entry the store already knows.
import { createHash } from 'node:crypto';
import type { CacheManager, CachePartRequest } from '../../cache/index.js';
import { extensionOf, lastSegment, requestFromStore, safeDecode } from '../../cache/partRequest.js';
import { UsageError } from '../../base/errors.js';
import { redact } from '../../base/redact.js';
import type { Session } from '../../session/session.js';
import { displayTitle } from './itemDisplay.js';

/** `/library/parts/{partId}/{changestamp}/{file}` */
const partKeyPattern = /^\/library\/parts\/([^/]+)\/([^/]+)\//;

/** The first part of the item's first media, keyed by server, part id and changestamp. */
export async function requestForItem(session: Session, ratingKey: string): Promise<CachePartRequest> {
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

/** Query parameters that carry a credential by common convention: left out of what the store keeps. */
const secretParameter = /^(?:x-plex-token|token|auth|authtoken|auth_token|access_token|refresh_token|id_token|api_?key|apikey|key|secret|client_secret|password|passwd|pwd|sig|signature|session|sessionid|sid|x-amz-(?:signature|credential|security-token)|x-goog-(?:signature|credential))$/i;

/**
 * Any http(s) URL, fetched without a Plex token; user:pass@ goes as basic authentication. It is keyed by
 * the hash of the whole URL, and the store keeps it without its user info and secret parameters
 * (they are used in this run only), so the store file never holds a password or an API key.
 */
export function requestForUrl(text: string): CachePartRequest {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // Not repeated: the text may hold a password.
    throw new UsageError('--url needs an http(s) address such as https://example.com/video.mp4');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--url needs an http(s) address, not a ${url.protocol} one`);
  const fileName = lastSegment(url.pathname) ?? 'file';
  const stored = new URL(url.href);
  stored.username = '';
  stored.password = '';
  stored.hash = '';
  for (const name of [...stored.searchParams.keys()]) if (secretParameter.test(name)) stored.searchParams.delete(name);
  if (stored.search === '?') stored.search = '';
  return {
    key: `url/${createHash('sha256').update(url.href).digest('hex')}`,
    title: `${url.host}${safeDecode(url.pathname)}`,
    upstreamPath: stored.href,
    ...(stored.href === url.href ? {} : { fetchUrl: url.href }),
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
export async function requestForArgument(session: Session, cache: CacheManager, argument: string): Promise<CachePartRequest> {
  const stored = cache.store.get(argument);
  if (stored) {
    await session.assertCanFetch(stored.upstreamPath);
    return requestFromStore(stored);
  }
  if (looksLikeRatingKey(argument)) return requestForItem(session, argument);
  throw unknownEntry(argument);
}

/** The cache key for an `unpin` or `evict` argument: a key as `cache ls` shows it, or a ratingKey resolved through the server. */
export async function keyForArgument(session: Session, cache: CacheManager, argument: string): Promise<string> {
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
