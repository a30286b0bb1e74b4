// The Cache Lab content: every byte is a pure function of (partId, offset), so any range can be checked.

const wordCache = { partId: -1, word: -1, value: 0 };

/** A 32-bit mix of (partId, word index); bijective in the word for a part, so nothing repeats with a power-of-two period. */
function syntheticWord(partId: number, word: number): number {
  const high = Math.floor(word / 0x1_0000_0000);
  let hash = (word >>> 0) ^ Math.imul(high + 1, 0x85ebca6b) ^ Math.imul(partId + 1, 0x9e3779b9);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x7feb352d);
  hash ^= hash >>> 15;
  hash = Math.imul(hash, 0x846ca68b);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** The byte at `offset` of synthetic part `partId`. */
export function syntheticByte(partId: number, offset: number): number {
  const word = Math.floor(offset / 4);
  if (wordCache.partId !== partId || wordCache.word !== word) {
    wordCache.partId = partId;
    wordCache.word = word;
    wordCache.value = syntheticWord(partId, word);
  }
  return (wordCache.value >>> (8 * (offset % 4))) & 0xff;
}

/** `length` bytes of synthetic part `partId` from `offset`, computed a 32-bit word at a time. */
export function syntheticBytes(partId: number, offset: number, length: number): Buffer {
  const buffer = Buffer.allocUnsafe(length);
  let position = 0;
  while (position < length && (offset + position) % 4 !== 0) {
    buffer[position] = syntheticByte(partId, offset + position);
    position += 1;
  }
  let word = (offset + position) / 4;
  while (position + 4 <= length) {
    buffer.writeUInt32LE(syntheticWord(partId, word), position);
    word += 1;
    position += 4;
  }
  while (position < length) {
    buffer[position] = syntheticByte(partId, offset + position);
    position += 1;
  }
  return buffer;
}
