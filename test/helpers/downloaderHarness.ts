// An EntryDownloader over a PatternUpstream and a real data file in a temporary folder, plus the tools its tests share.
import { suite, type Test } from 'uvu';
import * as assert from 'uvu/assert';
import { RangeSet } from '../../src/base/rangeSet.js';
import { makeTempFolder, type TempFolder } from './tempFolder.js';
import { DataFile, type EntryDataFile } from '../../src/cache/store/index.js';
import { EntryDownloader, type EntryDownloaderOptions } from '../../src/cache/download/index.js';
import { PatternUpstream, type PatternUpstreamOptions, patternBytes } from './patternUpstream.js';
import { timeLimit } from './timeLimit.js';

export interface DownloaderHarness {
  downloader: EntryDownloader;
  upstream: PatternUpstream;
  file: DataFile;
  /** Every value passed to onRecorded, in order. */
  recordings: RangeSet[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  folder: string;
  upstream: PatternUpstreamOptions;
  downloader?: Partial<Omit<EntryDownloaderOptions, 'upstream' | 'dataFile' | 'totalSize'>>;
  /** Wraps the real data file, to count calls or inject faults. */
  wrap?: (file: DataFile) => EntryDataFile;
  fileName?: string;
}

let harnessCount = 0;

export async function openHarness(options: HarnessOptions): Promise<DownloaderHarness> {
  harnessCount += 1;
  const upstream = new PatternUpstream(options.upstream);
  const file = await DataFile.open(options.folder, options.fileName ?? `entry-${harnessCount}`);
  const recordings: RangeSet[] = [];
  const { onRecorded, ...rest } = options.downloader ?? {};
  const downloader = new EntryDownloader({
    upstream,
    dataFile: options.wrap?.(file) ?? file,
    totalSize: options.upstream.size,
    recordedRanges: RangeSet.empty,
    rangeSupport: true,
    retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 4 },
    ...rest,
    onRecorded: (ranges) => {
      recordings.push(ranges);
      onRecorded?.(ranges);
    },
  });
  return {
    downloader,
    upstream,
    file,
    recordings,
    close: async () => {
      await downloader.close();
      await file.close();
    },
  };
}

/** Runs `body` with a harness and closes it afterwards, whatever happens. */
export async function withHarness(options: HarnessOptions, body: (harness: DownloaderHarness) => Promise<void>): Promise<void> {
  const harness = await openHarness(options);
  try {
    await body(harness);
  } finally {
    await harness.close();
  }
}

/** Every byte a read yields, joined. */
export async function collect(pieces: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const piece of pieces) parts.push(Buffer.from(piece));
  return Buffer.concat(parts);
}

/** The same promise, marked handled: a test that fails before awaiting it reports its own failure, not an unhandled rejection. */
export function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** Fails instead of hanging the whole run when a promise never settles; not a timing assertion. */
export async function settlesWithin<T>(promise: Promise<T>, what: string, limitMs = 10_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} never settled: a hang`)), timeLimit(limitMs));
  });
  try {
    return await Promise.race([promise, hung]);
  } finally {
    clearTimeout(timer);
  }
}

/** A data file that remembers which bytes were written and which of them an fsync made durable. */
export class SyncTrackingFile implements EntryDataFile {
  written = RangeSet.empty;
  durable = RangeSet.empty;
  syncCount = 0;

  constructor(private readonly inner: EntryDataFile) {}

  async write(bytes: Uint8Array, position: number): Promise<void> {
    await this.inner.write(bytes, position);
    this.written = this.written.add(position, position + bytes.byteLength);
  }

  read(position: number, length: number): Promise<Uint8Array> {
    return this.inner.read(position, length);
  }

  async sync(): Promise<void> {
    const before = this.written;
    await this.inner.sync();
    this.durable = this.durable.union(before);
    this.syncCount += 1;
  }
}

export function isSubset(part: RangeSet, whole: RangeSet): boolean {
  return whole.union(part).equals(whole);
}

/** A uvu suite whose every test gets a fresh temporary folder, removed after it. */
export function folderSuite(name: string): Test<{ folder: TempFolder }> {
  const test = suite<{ folder: TempFolder }>(name, { folder: undefined as unknown as TempFolder });
  test.before.each(async (context) => {
    context.folder = await makeTempFolder('plexterm-downloader-');
  });
  test.after.each(async (context) => {
    await context.folder.remove();
  });
  return test;
}

/** Asserts that `actual` holds exactly the upstream pattern bytes [start, end). */
export function assertPattern(actual: Uint8Array, start: number, end: number): void {
  assert.is(actual.byteLength, end - start, `length of [${start}, ${end})`);
  assert.ok(Buffer.from(actual).equals(Buffer.from(patternBytes(start, end))), `bytes of [${start}, ${end}) differ from upstream`);
}
