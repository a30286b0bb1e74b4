// The last few MiB written to a data file, kept in memory: a reader waiting at the download's edge gets them without a disk read.

interface Piece {
  position: number;
  bytes: Uint8Array;
}

export class RecentPieces {
  private readonly pieces: Piece[] = [];
  private heldBytes = 0;

  constructor(private readonly capacity: number) {}

  /** Keeps `bytes` (not copied: the caller never changes them) and forgets the oldest pieces beyond the capacity. */
  remember(bytes: Uint8Array, position: number): void {
    if (this.capacity <= 0 || bytes.byteLength === 0) return;
    this.pieces.push({ position, bytes });
    this.heldBytes += bytes.byteLength;
    while (this.heldBytes > this.capacity && this.pieces.length > 1) {
      const oldest = this.pieces.shift();
      this.heldBytes -= oldest?.bytes.byteLength ?? 0;
    }
  }

  /** Up to `length` bytes from `position` out of one remembered piece, or null when none holds that byte. */
  read(position: number, length: number): Uint8Array | null {
    // Newest first: a reader following the download finds its bytes at the end.
    for (let index = this.pieces.length - 1; index >= 0; index -= 1) {
      const piece = this.pieces[index];
      if (!piece) continue;
      const offset = position - piece.position;
      if (offset >= 0 && offset < piece.bytes.byteLength) {
        return piece.bytes.subarray(offset, Math.min(piece.bytes.byteLength, offset + length));
      }
    }
    return null;
  }

  /** Forgets every piece that ends at or before `position` (no reader will ask for those bytes again soon). */
  forgetBefore(position: number): void {
    let kept = 0;
    for (const piece of this.pieces) {
      if (piece.position + piece.bytes.byteLength > position) this.pieces[kept++] = piece;
      else this.heldBytes -= piece.bytes.byteLength;
    }
    this.pieces.length = kept;
  }

  clear(): void {
    this.pieces.length = 0;
    this.heldBytes = 0;
  }
}
