// `plexterm cache ls`, `unpin`, `evict` and `prune`: quick looks at and changes to the cache's records.
import { UsageError } from '../../base/errors.js';
import { terminalLine } from '../../base/terminalText.js';
import { formatBytes, printJson, type Output } from '../output.js';
import type { Session } from '../../session/session.js';
import { formatEntryTable, freeReserveNote } from './cacheDisplay.js';
import { keyForArgument } from './cacheRequest.js';

export interface JsonFlags {
  json?: boolean;
}

export interface PruneFlags extends JsonFlags {
  maxSize?: number;
}

export async function listAction(session: Session, output: Output, flags: JsonFlags): Promise<void> {
  const cache = await session.cacheUnlessLocked();
  const snapshots = cache ? cache.snapshots() : await (await import('../../cache/index.js')).readCacheSnapshots(session.paths.cache);
  const note = await reserveNote(session);
  if (flags.json) printJson(output, snapshots);
  else output.out(formatEntryTable(snapshots, output.columns?.()));
  if (note) output.err(`plexterm: ${note}`);
}

/** Whether downloads pause for the free reserve now, as one line; null when the disk has room or cannot be measured. */
async function reserveNote(session: Session): Promise<string | null> {
  const [{ availableBytes }, { cacheSettingsFrom }] = await Promise.all([import('../../cache/disk/freeSpace.js'), import('../../cache/cacheSettings.js')]);
  const available = await availableBytes(session.paths.cache).catch(() => null);
  if (available === null) return null;
  return freeReserveNote(session.paths.cache, available, cacheSettingsFrom((await session.config()).config.cache).freeReserve);
}

export async function unpinAction(session: Session, output: Output, flags: JsonFlags, argument: string): Promise<void> {
  const cache = await session.cache();
  const key = await keyForArgument(session, cache, argument);
  if (!cache.setPinned(key, false)) throw new UsageError(`no cache entry ${key}`);
  await cache.store.writeNow();
  const snapshot = cache.snapshots().find((candidate) => candidate.key === key);
  if (flags.json) return printJson(output, snapshot ?? null);
  output.out(`unpinned: ${terminalLine(snapshot?.title ?? key)}; it may now be evicted to keep the cache within its limits`);
}

export async function evictAction(session: Session, output: Output, flags: JsonFlags, argument: string): Promise<void> {
  const cache = await session.cache();
  const key = await keyForArgument(session, cache, argument);
  const snapshot = cache.snapshots().find((candidate) => candidate.key === key);
  if (!(await cache.evict(key))) throw new UsageError(`no cache entry ${key}`);
  if (flags.json) return printJson(output, snapshot ?? null);
  output.out(`evicted: ${terminalLine(snapshot?.title ?? key)} (${formatBytes(snapshot?.downloadedBytes ?? 0)} freed)`);
}

export async function pruneAction(session: Session, output: Output, flags: PruneFlags): Promise<void> {
  const cache = await session.cache();
  const before = new Map(cache.snapshots().map((snapshot) => [snapshot.key, snapshot]));
  const evictedKeys = await cache.prune(flags.maxSize);
  const evicted = evictedKeys.flatMap((key) => before.get(key) ?? []);
  const usedBytes = cache.usedBytes();
  if (flags.json) return printJson(output, { evicted, usedBytes });
  for (const snapshot of evicted) output.out(`evicted  ${snapshot.key}  ${terminalLine(snapshot.title)}  ${formatBytes(snapshot.downloadedBytes)}`);
  const freed = evicted.reduce((sum, snapshot) => sum + snapshot.downloadedBytes, 0);
  output.out(`${evicted.length} entr${evicted.length === 1 ? 'y' : 'ies'} evicted, ${formatBytes(freed)} freed; the cache holds ${formatBytes(usedBytes)} (at most ${formatBytes(flags.maxSize ?? cache.settings.maxSize)})`);
}
