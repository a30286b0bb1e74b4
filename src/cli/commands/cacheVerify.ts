// `plexterm cache verify`: fetch recorded ranges again (all, or a random sample), compare with the data files, and drop the ranges that differ.
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { CacheManager, HttpUpstream, StoreEntry } from '../../cache/index.js';
import { recordRanges } from '../../cache/store/recordedBytes.js';
import { RangeSet, type ByteInterval } from '../../base/rangeSet.js';
import { ExitCode, PlextermError, describeError } from '../../base/errors.js';
import { formatBytes, printJson, type Output } from '../output.js';
import { formatTable } from '../table.js';
import type { Session } from '../../session/session.js';
import { keyForArgument } from './cacheRequest.js';

export interface VerifyFlags {
  sample?: number;
  json?: boolean;
  /** Compare and report only: nothing is dropped and nothing is written (works on a full disk). */
  dryRun?: boolean;
}

export interface VerifyResult {
  key: string;
  title: string;
  checkedBytes: number;
  /** Pieces of at most 1 MiB whose bytes differ from upstream; they were dropped from the store. */
  mismatches: Array<[number, number]>;
  droppedBytes: number;
  /** Set when the entry could not be checked (upstream unreachable...); its ranges are kept. */
  error: string | null;
}

/** Pieces are compared (and dropped) at most this big. */
export const pieceSize = 1024 * 1024;

export async function verifyAction(session: Session, output: Output, flags: VerifyFlags, argument: string | undefined): Promise<void> {
  const cache = await session.cache();
  const keys = argument === undefined ? cache.store.entries().map((stored) => stored.key) : [await keyForArgument(session, cache, argument)];
  const results: VerifyResult[] = [];
  for (const key of keys) {
    const stored = cache.store.get(key);
    if (stored) results.push(await verifyEntry(session, cache, stored, flags.sample, flags.dryRun === true));
  }
  if (flags.json) printJson(output, results);
  else printResults(output, results);
  const mismatched = results.filter((result) => result.mismatches.length > 0);
  const failed = results.filter((result) => result.error !== null);
  if (mismatched.length > 0) {
    const dropped = mismatched.reduce((sum, result) => sum + result.droppedBytes, 0);
    const outcome = flags.dryRun ? `${formatBytes(dropped)} would be dropped (--dry-run: nothing was changed)` : `${formatBytes(dropped)} were dropped and will be fetched again when needed`;
    throw new PlextermError(`${mismatched.length} cache entr${mismatched.length === 1 ? 'y differs' : 'ies differ'} from the server; ${outcome}`, {
      code: 'cache-mismatch',
      exitCode: ExitCode.server,
    });
  }
  if (failed.length > 0) {
    throw new PlextermError(`${failed.length} cache entr${failed.length === 1 ? 'y' : 'ies'} could not be checked: ${failed[0]?.error ?? ''}`, { code: 'cache-verify-failed', exitCode: ExitCode.server });
  }
}

async function verifyEntry(session: Session, cache: CacheManager, stored: StoreEntry, sample: number | undefined, dryRun: boolean): Promise<VerifyResult> {
  const result: VerifyResult = { key: stored.key, title: stored.title, checkedBytes: 0, mismatches: [], droppedBytes: 0, error: null };
  const ranges = RangeSet.fromIntervals(stored.ranges);
  if (ranges.isEmpty) return result;
  const pieces = sample === undefined ? [...ranges] : samplePieces(ranges, sample);
  let upstream: HttpUpstream | undefined;
  let file: FileHandle | undefined;
  try {
    upstream = await session.cacheUpstream(stored.upstreamPath);
    file = await open(join(cache.dataFolder, stored.dataFile), 'r').catch(() => undefined);
    for (const [start, end] of pieces) {
      const differing = await compareRange(upstream, file, start, end);
      result.checkedBytes += end - start;
      result.mismatches.push(...differing);
    }
  } catch (error) {
    result.error = describeError(error);
  } finally {
    await file?.close();
    upstream?.dispose();
  }
  if (result.mismatches.length > 0) {
    const remaining = result.mismatches.reduce((set, [start, end]) => set.remove(start, end), RangeSet.fromIntervals(cache.store.get(stored.key)?.ranges ?? []));
    result.droppedBytes = ranges.totalBytes - remaining.totalBytes;
    if (dryRun) return result;
    // The sidecar too: a store rebuilt from it must not bring the dropped bytes back.
    await recordRanges(cache.store, cache.dataFolder, stored.key, remaining);
  }
  return result;
}

/** `count` random pieces of at most 1 MiB inside the ranges, each byte equally likely to be picked. */
function samplePieces(ranges: RangeSet, count: number): ByteInterval[] {
  const intervals = [...ranges];
  const pieces: ByteInterval[] = [];
  for (let index = 0; index < count; index += 1) {
    let offset = Math.floor(Math.random() * ranges.totalBytes);
    for (const [start, end] of intervals) {
      if (offset < end - start) {
        const pieceStart = Math.max(start, Math.min(start + offset, end - pieceSize));
        pieces.push([pieceStart, Math.min(end, pieceStart + pieceSize)]);
        break;
      }
      offset -= end - start;
    }
  }
  return pieces;
}

/**
 * Streams [start, end) from upstream and compares it with the data file one piece at a time, so
 * memory stays flat; resolves with the pieces that differ. A missing data file differs everywhere.
 */
async function compareRange(upstream: HttpUpstream, file: FileHandle | undefined, start: number, end: number): Promise<Array<[number, number]>> {
  const controller = new AbortController();
  const differing: Array<[number, number]> = [];
  const response = await upstream.fetchRange(start, end, controller.signal);
  // A server that ignores ranges sends the file from byte 0: skip to `start`.
  let position = response.start;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let pieceStart = start;
  const comparePiece = async () => {
    const expected = Buffer.concat(pending, pendingBytes);
    const actual = Buffer.alloc(expected.length);
    const { bytesRead } = file ? await file.read(actual, 0, actual.length, pieceStart) : { bytesRead: 0 };
    if (bytesRead !== expected.length || !actual.equals(expected)) differing.push([pieceStart, pieceStart + expected.length]);
    pieceStart += expected.length;
    pending = [];
    pendingBytes = 0;
  };
  try {
    for await (const chunk of response.body) {
      let bytes = chunk;
      if (position < start) bytes = bytes.subarray(Math.min(bytes.length, start - position));
      position += chunk.length;
      while (bytes.length > 0 && pieceStart + pendingBytes < end) {
        const take = Math.min(bytes.length, pieceSize - pendingBytes, end - pieceStart - pendingBytes);
        pending.push(bytes.subarray(0, take));
        pendingBytes += take;
        bytes = bytes.subarray(take);
        if (pendingBytes === pieceSize || pieceStart + pendingBytes === end) await comparePiece();
      }
      if (pieceStart >= end) break;
    }
  } finally {
    controller.abort();
  }
  if (pieceStart < end) throw new PlextermError(`the server sent fewer bytes than asked for [${start}, ${end})`, { code: 'short-body' });
  return differing;
}

function printResults(output: Output, results: readonly VerifyResult[]): void {
  if (results.length === 0) {
    output.out('(the cache is empty)');
    return;
  }
  output.out(
    formatTable(results, [
      { header: 'KEY', value: (result) => result.key },
      { header: 'TITLE', value: (result) => result.title, maxWidth: 40 },
      { header: 'CHECKED', value: (result) => formatBytes(result.checkedBytes), align: 'right' },
      { header: 'MISMATCHES', value: (result) => String(result.mismatches.length), align: 'right' },
      { header: 'DROPPED', value: (result) => (result.droppedBytes > 0 ? formatBytes(result.droppedBytes) : ''), align: 'right' },
      { header: 'PROBLEM', value: (result) => result.error ?? '' },
    ], output.columns?.()),
  );
  const mismatches = results.reduce((sum, result) => sum + result.mismatches.length, 0);
  output.out(`${mismatches} mismatch${mismatches === 1 ? '' : 'es'} in ${results.length} entr${results.length === 1 ? 'y' : 'ies'}`);
}
