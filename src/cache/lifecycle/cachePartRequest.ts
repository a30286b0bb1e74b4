// What the cache needs to know to open a part: the request a play, a pin or a reopen from the store hands the manager.

export interface CachePartRequest {
  /** `${machineIdentifier}/${partId}/${changestamp}`, or `url/<hash>` for a plain URL. */
  key: string;
  title: string;
  /** The part's path on the server (or a whole URL), never with the token. */
  upstreamPath: string;
  /**
   * The URL to fetch in this run when it differs from `upstreamPath`: a plain URL with its user:pass@
   * or secret parameters, which the stored `upstreamPath` leaves out. Never stored.
   */
  fetchUrl?: string;
  fileName: string;
  container: string | null;
  /** The part's size from Plex metadata, used when the server does not say. */
  metadataSize: number | null;
}
