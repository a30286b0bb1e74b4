// What the downloader fetches bytes through: one ranged GET at a time, independent of the HTTP library.

export interface UpstreamResponse {
  /** 206 for a served range, 200 when the server ignored the range and sends the whole file from byte 0. */
  status: 200 | 206;
  /** First byte of the body (0 for a 200). */
  start: number;
  /** Null when unknown (`Content-Range: bytes a-b/*`). */
  totalSize: number | null;
  etag: string | null;
  /** Must be consumed or cancelled through the signal given to `fetchRange`. */
  body: AsyncIterable<Uint8Array>;
}

export interface Upstream {
  /**
   * Fetch [start, end); an undefined end means to the end of the file. Aborting the signal ends
   * the body and frees the socket.
   */
  fetchRange(start: number, end: number | undefined, signal: AbortSignal): Promise<UpstreamResponse>;
}
