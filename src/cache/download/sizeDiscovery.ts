// For a server that knows no total size (`bytes 0-0/*`) and no metadata size: read the file from byte 0 to its end.
import type { EntryDataFile } from '../store/index.js';
import type { Upstream } from '../upstream/index.js';

export interface SizeDiscoveryOptions {
  upstream: Upstream;
  dataFile: EntryDataFile;
  signal: AbortSignal;
  /** Called as bytes land, so the person sees progress while the size is still unknown. */
  onProgress(downloadedBytes: number): void;
}

/**
 * Streams the whole file into the data file and resolves with its length once the body ends and
 * the bytes are flushed: the caller then records [0, size) and reaches `sized`.
 */
export async function discoverSizeByDownloading(options: SizeDiscoveryOptions): Promise<number> {
  const response = await options.upstream.fetchRange(0, undefined, options.signal);
  let position = response.start;
  if (position !== 0) throw new Error(`the server sent bytes from ${position} when asked for the whole file`);
  for await (const piece of response.body) {
    await options.dataFile.write(piece, position);
    position += piece.byteLength;
    options.onProgress(position);
  }
  await options.dataFile.sync();
  return position;
}
