// The Cache Lab's synthetic part sizes: edge cases for a byte cache, from 1 byte to past 2^32.

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

export const cacheLabSizes: readonly number[] = [
  1,
  1000,
  MiB,
  7_340_033, // 7 MiB + 1: not a multiple of any power of two above 1
  64 * MiB,
  GiB + 12_345,
  4 * GiB + 4097, // past 2^32: offsets and lengths must not be 32-bit
];

function humanSize(size: number): string {
  if (size >= GiB) return `${(size / GiB).toFixed(2)} GiB`;
  if (size >= MiB) return `${(size / MiB).toFixed(2)} MiB`;
  return `${size} B`;
}

export function cacheLabTitle(size: number): string {
  return `Synthetic ${humanSize(size)} (${size} bytes)`;
}
