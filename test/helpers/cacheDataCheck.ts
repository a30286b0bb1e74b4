// Checks a cache data file on disk against the demo's synthetic bytes, and reads the byte ranges out of the demo's request log.
import { open } from 'node:fs/promises';
import type { ByteInterval } from '../../src/base/rangeSet.js';
import { syntheticBytes } from '../../src/demo/index.js';
import type { LoggedRequest } from './cacheLab.js';

const pieceSize = 4 * 1024 * 1024;

/** The intervals of `ranges` where the file at `path` differs from synthetic part `partId` (empty: all equal). */
export async function mismatches(path: string, partId: number, ranges: Iterable<ByteInterval>): Promise<ByteInterval[]> {
  const handle = await open(path, 'r');
  const wrong: ByteInterval[] = [];
  try {
    for (const [start, end] of ranges) {
      for (let position = start; position < end; position += pieceSize) {
        const length = Math.min(pieceSize, end - position);
        const buffer = Buffer.alloc(length);
        const { bytesRead } = await handle.read(buffer, 0, length, position);
        if (bytesRead !== length || !buffer.equals(syntheticBytes(partId, position, length))) wrong.push([position, position + length]);
      }
    }
  } finally {
    await handle.close();
  }
  return wrong;
}

/** The [start, end) each logged `Range: bytes=a-b` or `bytes=a-` asked for (`total` ends an open range). */
export function askedRanges(requests: readonly LoggedRequest[], total: number): ByteInterval[] {
  return requests.flatMap((request): ByteInterval[] => {
    const match = /^bytes=(\d+)-(\d*)$/.exec(request.range ?? '');
    if (!match) return [];
    return [[Number(match[1]), match[2] === '' ? total : Math.min(total, Number(match[2]) + 1)]];
  });
}
