// One cached media part as the metadata store records it, with the checks applied on every read and write.
import { PlextermError } from '../../base/errors.js';
import { RangeSet, type ByteInterval } from '../../base/rangeSet.js';
import { redact } from '../../base/redact.js';

/**
 * What the store knows about one cached part. Entries handed out by the store are frozen:
 * change one with `CacheStore.update`, which replaces it.
 */
export interface StoreEntry {
  /** `${machineIdentifier}/${partId}/${changestamp}`, see `storeEntryKey`. */
  readonly key: string;
  /** The upstream path and query, never with the token: it is added at request time. */
  readonly upstreamPath: string;
  readonly title: string;
  /** Bytes in the whole part, or null while unknown. */
  readonly totalSize: number | null;
  /** Bytes on disk in the data file, as merged half-open intervals (see RangeSet). */
  readonly ranges: readonly ByteInterval[];
  /** "Keep offline": downloaded fully and never evicted. */
  readonly pinned: boolean;
  /** Milliseconds since the epoch. */
  readonly lastAccess: number;
  readonly etag: string | null;
  readonly lastModified: string | null;
  /** Whether upstream answers ranges with 206; null until probed. */
  readonly rangeSupport: boolean | null;
  /** The data file's name inside the cache folder: a plain name, no folders. */
  readonly dataFile: string;
  /** Milliseconds since the epoch when the server last confirmed the size and validators; null when never (or the bytes changed since). */
  readonly validatedAt: number | null;
}

/** An entry as handed to the store: its ranges may be a RangeSet; records from before `validatedAt` lack it. */
export type StoreEntryInput = Omit<StoreEntry, 'ranges' | 'validatedAt'> & { readonly ranges: readonly ByteInterval[] | RangeSet; readonly validatedAt?: number | null };

/** The fields `CacheStore.update` may change. */
export type StoreEntryUpdate = Partial<Omit<StoreEntryInput, 'key'>>;

/** The key of a cached part: a part changes its changestamp when its file changes. */
export function storeEntryKey(machineIdentifier: string, partId: string | number, changestamp: string | number): string {
  return `${machineIdentifier}/${partId}/${changestamp}`;
}

/**
 * Checks a value read from disk or handed in by a caller and returns a frozen, normalized
 * entry; throws a PlextermError (code `cache-entry-invalid`) naming the first problem.
 * An upstream path that carries a token is refused, so the store can never hold a secret.
 */
export function toStoreEntry(value: unknown): StoreEntry {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid('it is not an object');
  const record = value as Record<string, unknown>;
  const key = text(record, 'key');
  if (key.length === 0) throw invalid('its key is empty');
  const upstreamPath = text(record, 'upstreamPath');
  if (/x-plex-token/i.test(upstreamPath) || redact(upstreamPath) !== upstreamPath) {
    throw new PlextermError(`the cache entry ${key} has an upstream path carrying a token; the store never holds tokens`, {
      code: 'cache-entry-secret',
    });
  }
  const dataFile = text(record, 'dataFile');
  if (dataFile.length === 0 || /[/\\]/.test(dataFile) || dataFile === '.' || dataFile === '..') {
    throw invalid(`its data file name ${JSON.stringify(dataFile)} is not a plain file name`, key);
  }
  const totalSize = record.totalSize;
  if (totalSize !== null && !(Number.isSafeInteger(totalSize) && (totalSize as number) >= 0)) {
    throw invalid('its total size is neither null nor a whole number of bytes', key);
  }
  let ranges: RangeSet;
  try {
    ranges = record.ranges instanceof RangeSet ? record.ranges : RangeSet.fromJSON(record.ranges);
  } catch (error) {
    throw invalid(`its ranges are invalid (${(error as Error).message})`, key);
  }
  const lastInterval = ranges.toJSON().at(-1);
  if (typeof totalSize === 'number' && lastInterval !== undefined && lastInterval[1] > totalSize) {
    throw invalid('its ranges reach past its total size', key);
  }
  const lastAccess = record.lastAccess;
  if (typeof lastAccess !== 'number' || !Number.isFinite(lastAccess)) throw invalid('its last access is not a number', key);
  if (typeof record.pinned !== 'boolean') throw invalid('pinned is not true or false', key);
  const rangeSupport = record.rangeSupport;
  if (rangeSupport !== null && typeof rangeSupport !== 'boolean') throw invalid('rangeSupport is not true, false or null', key);
  const validatedAt = record.validatedAt ?? null;
  if (validatedAt !== null && (typeof validatedAt !== 'number' || !Number.isFinite(validatedAt))) throw invalid('validatedAt is neither a number nor null', key);
  return Object.freeze({
    key,
    upstreamPath,
    title: text(record, 'title'),
    totalSize: totalSize as number | null,
    ranges: Object.freeze(ranges.toJSON().map((interval) => Object.freeze(interval))),
    pinned: record.pinned,
    lastAccess,
    etag: textOrNull(record, 'etag'),
    lastModified: textOrNull(record, 'lastModified'),
    rangeSupport,
    dataFile,
    validatedAt,
  });
}

function text(record: Record<string, unknown>, field: string): string {
  const value = record[field];
  if (typeof value !== 'string') throw invalid(`its ${field} is not text`, typeof record.key === 'string' ? record.key : undefined);
  return value;
}

function textOrNull(record: Record<string, unknown>, field: string): string | null {
  const value = record[field] ?? null;
  if (value !== null && typeof value !== 'string') throw invalid(`its ${field} is neither text nor null`, String(record.key));
  return value;
}

function invalid(problem: string, key?: string): PlextermError {
  const which = key === undefined ? 'a cache entry' : `the cache entry ${redact(key)}`;
  return new PlextermError(`${which} is invalid: ${problem}`, { code: 'cache-entry-invalid' });
}
