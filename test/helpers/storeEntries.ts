// Store entries for tests and benchmarks: realistic in shape and size, distinct by index.
import { type StoreEntry, storeEntryKey } from '../../src/cache/store/index.js';

export const sampleMachineIdentifier = '0123456789abcdef0123456789abcdef01234567';

export function sampleEntry(index: number, changes: Partial<StoreEntry> = {}): StoreEntry {
  const partId = 100000 + index;
  return {
    key: storeEntryKey(sampleMachineIdentifier, partId, 1700000000),
    upstreamPath: `/library/parts/${partId}/1700000000/file.mkv`,
    title: `Sample Movie Number ${index} (2020)`,
    totalSize: 4_000_000_000 + index,
    ranges: [
      [0, 2_097_152],
      [10_000_000, 20_000_000],
      [30_000_000, 40_000_000],
    ],
    pinned: index % 10 === 0,
    lastAccess: 1_700_000_000_000 + index,
    etag: `"etag-${index}"`,
    lastModified: 'Tue, 14 Nov 2023 22:13:20 GMT',
    rangeSupport: true,
    dataFile: `${partId.toString(16).padStart(40, '0')}.part`,
    validatedAt: null,
    ...changes,
  };
}

/** How many entries the store child's write loop rewrites each round. */
export const writeLoopEntries = 300;

/** The entry `index` as the write loop writes it in `round`: its title and ranges both say the round. */
export function roundEntry(index: number, round: number): StoreEntry {
  return sampleEntry(index, { title: `round ${round} ${'x'.repeat(1000)}`, totalSize: 100_000_000, ranges: [[0, (round + 1) * 10]] });
}
