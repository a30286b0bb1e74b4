// Streams a part's bytes: ranges, ETag/Last-Modified, quirks (ignore-range, unknown-total, drop-after) and a throttle.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PartSource } from './model.js';
import type { DemoQuirks } from './options.js';
import { parseRange } from './rangeHeader.js';
import { sendHtmlError } from './reply.js';
import type { Timers } from './timers.js';
import type { Uplink } from './uplink.js';
import { drained } from '../base/drained.js';

const chunkSize = 64 * 1024;

export interface PartStreamOptions {
  quirks: DemoQuirks;
  rateBytesPerSecond: number;
  /** Shared with every other part body; null when unlimited. */
  uplink: Uplink | null;
  timers: Timers;
  download: boolean;
  /** How many times the file was replaced behind the server's back (see DemoContext.partRewrites); its ETag says so. */
  rewrites?: number;
}

/** Writes bytes [start, end] a chunk at a time, honouring backpressure, the rate and drop-after. */
async function pump(response: ServerResponse, part: PartSource, start: number, end: number, options: PartStreamOptions): Promise<void> {
  const rate = options.rateBytesPerSecond;
  // A throttled response sends about ten chunks a second, so the rate holds for slow rates too.
  const chunk = rate > 0 ? Math.max(1, Math.min(chunkSize, Math.floor(rate / 10))) : chunkSize;
  const limit = options.quirks.dropAfter;
  const began = Date.now();
  let sent = 0;
  let offset = start;
  while (offset <= end) {
    if (response.destroyed || options.timers.isClosed) return;
    let length = Math.min(chunk, end - offset + 1);
    const cut = limit !== undefined && sent + length >= limit && limit < end - start + 1;
    if (cut) length = (limit ?? 0) - sent;
    const bytes = part.bytes(offset, length);
    if (options.uplink) {
      await options.timers.sleep(options.uplink.book(length));
      if (response.destroyed || options.timers.isClosed) return;
    }
    if (cut) {
      // Flush what drop-after allows, then kill the connection mid-body.
      response.write(bytes, () => response.destroy());
      if (length === 0) response.destroy();
      return;
    }
    const flowing = response.write(bytes);
    sent += length;
    offset += length;
    if (!flowing) await drained(response);
    if (rate > 0) await options.timers.sleep(began + (sent / rate) * 1000 - Date.now());
  }
  response.end();
}

/** GET (or HEAD, which the real server answers with 500) on /library/parts/{id}/{changestamp}/{file}. */
export function servePart(request: IncomingMessage, response: ServerResponse, part: PartSource, options: PartStreamOptions): void {
  if (request.method === 'HEAD') {
    sendHtmlError(response, 500);
    return;
  }
  const total = part.size;
  const headers: Record<string, string> = {
    'Accept-Ranges': 'bytes',
    'Content-Type': 'application/octet-stream',
    ETag: `"${part.id}-${part.changestamp}-${total}${options.rewrites ? `-r${options.rewrites}` : ''}"`,
    'Last-Modified': new Date(part.updatedAt * 1000).toUTCString(),
  };
  if (options.download) headers['Content-Disposition'] = `attachment; filename="${part.file.split('/').pop() ?? 'file'}"`;
  const range = options.quirks.ignoreRange ? { kind: 'whole' as const } : parseRange(request.headers.range, total);
  if (range.kind === 'unsatisfiable') {
    sendHtmlError(response, 416, { 'Content-Range': `bytes */${total}` });
    return;
  }
  const start = range.kind === 'single' ? range.start : 0;
  const end = range.kind === 'single' ? range.end : total - 1;
  headers['Content-Length'] = String(end - start + 1);
  if (range.kind === 'single') headers['Content-Range'] = `bytes ${start}-${end}/${options.quirks.unknownTotal ? '*' : total}`;
  response.writeHead(range.kind === 'single' ? 206 : 200, headers);
  pump(response, part, start, end, options).catch(() => response.destroy());
}
