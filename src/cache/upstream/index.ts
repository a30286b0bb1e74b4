// Where a part's bytes come from: the `Upstream` a download reads, its HTTP implementation over the Plex server (or a
// plain URL) with idle deadlines and guarded bodies, what a server's answer to a ranged GET means, and the size probe.
export { HttpUpstream, type HttpUpstreamOptions, type RawRangeResponse } from './httpUpstream.js';
export { probeSize, type ProbeResult } from './sizeProbe.js';
export type { Upstream, UpstreamResponse } from './upstream.js';
