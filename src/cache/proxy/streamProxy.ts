// The local stream proxy: serves ready cache entries to players over HTTP on 127.0.0.1, behind unguessable URLs that each serve one part for a while.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Disposable } from '../../base/disposable.js';
import { PlextermError } from '../../base/errors.js';
import { listenFailure } from '../../base/listenError.js';
import { contentTypeFor } from './contentType.js';
import { contentRange, parseRangeHeader, unsatisfiedRange } from './httpRange.js';
import { pumpChunks } from './responsePump.js';

/** What the proxy serves: one cache entry whose total size is known (the entry is `ready`). */
export interface StreamSource {
  /** Shown at the end of the URL, e.g. "Nosferatu (1922).mp4"; players use it for titles and type guesses. */
  fileName: string;
  /** Plex's container name ("mkv", "mp4", "mp3"...), which picks the Content-Type. */
  container: string | null;
  totalSize: number;
  /** Bytes [start, end), from disk or fetched on demand; `signal` aborts when the client goes away. */
  read(start: number, end: number, signal: AbortSignal): AsyncIterable<Uint8Array>;
  /** Called once per request, so the cache can record the entry's last access. */
  onAccess?(): void;
}

/** A URL that serves one part until disposed: `/stream/<part id>/<token>/<file name>`. */
export interface StreamRegistration extends Disposable {
  url: string;
  token: string;
}

export interface StreamProxyOptions {
  /** 0 or absent: a free port chosen by the OS. */
  port?: number;
  /** The only address the proxy ever listens on. */
  host?: '127.0.0.1';
  /** A failure of `read` (or `onAccess`) while serving; the response is cut short and the proxy carries on. */
  onError?(error: unknown, source: StreamSource): void;
}

interface Registration {
  /** Names the part in its URLs; not a secret (the token is). */
  partId: string;
  token: string;
  source: StreamSource;
  url: string;
  /** How many handles from `register` are still undisposed: the URL lives until the last one goes. */
  handles: number;
}

/** A token that opens one registration's part: the registration's own, or a grant's (one playback's). */
interface Access {
  registration: Registration;
}

interface ActiveReader {
  token: string;
  registration: Registration;
  controller: AbortController;
}

const tokenBytes = 24; // 192 random bits
const partIdBytes = 9;
const streamPath = /^\/stream\/([A-Za-z0-9_-]+)\/([A-Za-z0-9_-]+)(?:\/|$|\?)/;

export class StreamProxy {
  private readonly registrations = new Map<string, Registration>();
  /** Every live token (registrations' and grants'), and what it opens. */
  private readonly tokens = new Map<string, Access>();
  private readonly registrationsBySource = new Map<StreamSource, Registration>();
  private readonly readers = new Set<ActiveReader>();
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly options: StreamProxyOptions,
  ) {}

  static async start(options: StreamProxyOptions = {}): Promise<StreamProxy> {
    const host = options.host ?? '127.0.0.1';
    if (host !== '127.0.0.1') throw new PlextermError(`the stream proxy listens on 127.0.0.1 only, not ${String(host)}`, { code: 'usage' });
    // No Nagle delay: a player's small range requests get their first bytes at once.
    const server = createServer({ noDelay: true });
    server.on('connection', (socket) => socket.setNoDelay(true));
    const port = options.port ?? 0;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    }).catch((error: unknown) => {
      throw listenFailure(error, host, port, 'cache.proxyPort in config.json');
    });
    const proxy = new StreamProxy(server, (server.address() as AddressInfo).port, options);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      proxy.handle(request, response).catch((error: unknown) => {
        // Only a bug gets here (the handler catches what sources throw); never let it take the process down.
        response.destroy();
        process.emitWarning(`stream proxy: ${error instanceof Error ? error.message : String(error)}`);
      });
    });
    return proxy;
  }

  /** The same source object registered twice shares one URL; the URL stays valid until every handle is disposed. */
  register(source: StreamSource): StreamRegistration {
    if (this.closing) throw new PlextermError('the stream proxy is closed', { code: 'stream-proxy-closed' });
    let registration = this.registrationsBySource.get(source);
    if (!registration) {
      const token = randomBytes(tokenBytes).toString('base64url');
      const partId = randomBytes(partIdBytes).toString('base64url');
      registration = { partId, token, source, url: this.urlOf(partId, token, source), handles: 0 };
      this.registrations.set(token, registration);
      this.tokens.set(token, { registration });
      this.registrationsBySource.set(source, registration);
    }
    registration.handles += 1;
    const current = registration;
    let disposed = false;
    return {
      url: current.url,
      token: current.token,
      dispose: () => {
        if (disposed) return;
        disposed = true;
        current.handles -= 1;
        if (current.handles === 0) this.unregister(current);
      },
    };
  }

  /**
   * A URL of its own for the part `url` (a registration's URL, or another grant's) serves: for one playback,
   * so what a player or plugin is given opens that part only, and only until the grant is disposed (or
   * the part is unregistered). Requests with it afterwards get 403; responses still streaming are cut.
   */
  grant(url: string): StreamRegistration {
    const match = streamPath.exec(new URL(url).pathname);
    const access = match ? this.tokens.get(match[2] ?? '') : undefined;
    const registration = access?.registration;
    if (!registration || registration.partId !== match?.[1] || this.registrations.get(registration.token) !== registration) {
      throw new PlextermError('the stream is no longer served (its cache entry was closed)', { code: 'stream-unregistered' });
    }
    const token = randomBytes(tokenBytes).toString('base64url');
    this.tokens.set(token, { registration });
    let disposed = false;
    return {
      url: this.urlOf(registration.partId, token, registration.source),
      token,
      dispose: () => {
        if (disposed) return;
        disposed = true;
        this.revoke(token, new PlextermError('the playback that was given the stream ended', { code: 'stream-expired' }));
      },
    };
  }

  /** Where the server listens, as `server.address()` reports it (always 127.0.0.1). */
  address(): AddressInfo {
    return this.server.address() as AddressInfo;
  }

  /** Responses streaming a body right now, of the part a registration's token serves (through any grant), or in all; an entry being read must not be evicted. */
  activeReaders(token?: string): number {
    if (token === undefined) return this.readers.size;
    let count = 0;
    for (const reader of this.readers) if (reader.registration.token === token) count += 1;
    return count;
  }

  /** Stops listening, closes every connection and aborts every read in flight. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      for (const reader of this.readers) reader.controller.abort(new PlextermError('the stream proxy closed', { code: 'stream-proxy-closed' }));
      this.registrations.clear();
      this.tokens.clear();
      this.registrationsBySource.clear();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    return this.closing;
  }

  /** A disposed URL answers 404 from now on, and responses still streaming it are cut: their source may be going away. */
  private unregister(registration: Registration): void {
    this.registrations.delete(registration.token);
    this.registrationsBySource.delete(registration.source);
    // Its grants go with it.
    for (const [token, access] of this.tokens) if (access.registration === registration) this.tokens.delete(token);
    for (const reader of this.readers) {
      if (reader.registration === registration) reader.controller.abort(new PlextermError('the stream was unregistered', { code: 'stream-unregistered' }));
    }
  }

  private revoke(token: string, why: PlextermError): void {
    this.tokens.delete(token);
    for (const reader of this.readers) if (reader.token === token) reader.controller.abort(why);
  }

  private urlOf(partId: string, token: string, source: StreamSource): string {
    const name = encodeURIComponent(source.fileName === '' ? 'media' : source.fileName);
    return `http://127.0.0.1:${this.port}/stream/${partId}/${token}/${name}`;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // A GET or HEAD body means nothing here; reading it keeps the connection usable for the next request.
    request.resume();
    const match = streamPath.exec(request.url ?? '');
    const part = match ? [...this.registrations.values()].find((candidate) => candidate.partId === match[1]) : undefined;
    if (!match || !part) return answerPlain(response, 404, 'unknown stream\n');
    const token = match[2] ?? '';
    // An expired token, or one given for another part: the part exists, this token does not open it.
    if (this.tokens.get(token)?.registration !== part) return answerPlain(response, 403, 'this stream address has expired or is for another part\n');
    const registration = part;
    if (request.method !== 'GET' && request.method !== 'HEAD') return answerPlain(response, 405, 'only GET and HEAD\n', { Allow: 'GET, HEAD' });
    const { source } = registration;
    try {
      source.onAccess?.();
    } catch (error) {
      this.report(error, source);
    }
    const total = source.totalSize;
    const headers: OutgoingHttpHeaders = {
      'Accept-Ranges': 'bytes',
      'Content-Type': contentTypeFor(source.container),
      'Cache-Control': 'no-store',
    };
    // RFC 9110 defines Range for GET only: HEAD always describes the whole entry.
    if (request.method === 'HEAD') {
      response.writeHead(200, { ...headers, 'Content-Length': total });
      response.end();
      return;
    }
    const answer = parseRangeHeader(request.headers.range, total, singleHeader(request.headers['if-range']));
    if (answer.kind === 'unsatisfiable') {
      response.writeHead(416, { ...headers, 'Content-Range': unsatisfiedRange(total), 'Content-Length': 0 });
      response.end();
      return;
    }
    // Several ranges come here as `whole` (see httpRange.ts): one 200 with the entire body, no multipart.
    const [start, end] = answer.kind === 'partial' ? [answer.start, answer.end] : [0, total];
    if (answer.kind === 'partial') headers['Content-Range'] = contentRange(start, end, total);
    const status = answer.kind === 'partial' ? 206 : 200;
    headers['Content-Length'] = end - start;
    if (start === end) {
      response.writeHead(status, headers);
      response.end();
      return;
    }
    await this.stream(registration, token, response, start, end, () => response.writeHead(status, headers));
  }

  /** `begin` writes the status line once the first chunk is in hand, so a source that fails at once gets a 502, not a cut 200. */
  private async stream(registration: Registration, token: string, response: ServerResponse, start: number, end: number, begin: () => void): Promise<void> {
    const reader: ActiveReader = { token, registration, controller: new AbortController() };
    const { signal } = reader.controller;
    let ended = false;
    // 'close' before end() means the client went away: cancel the read, and with it any on-demand fetch.
    const onClose = (): void => {
      if (!ended) reader.controller.abort(new PlextermError('the player closed the connection', { code: 'stream-client-gone' }));
    };
    response.once('close', onClose);
    this.readers.add(reader);
    try {
      await pumpChunks(registration.source.read(start, end, signal), response, end - start, signal, begin);
      ended = true;
      response.end();
    } catch (error) {
      ended = true;
      if (signal.aborted) {
        response.destroy();
        return;
      }
      this.report(error, registration.source);
      if (!response.headersSent) return answerPlain(response, 502, 'the stream source failed\n');
      // Flush what was written, then hang up: the client sees a body shorter than Content-Length, which
      // players treat as a reason to retry. (destroy() would drop bytes still queued in the socket.)
      if (response.socket) response.socket.end();
      else response.destroy();
    } finally {
      this.readers.delete(reader);
      response.off('close', onClose);
    }
  }

  private report(error: unknown, source: StreamSource): void {
    try {
      this.options.onError?.(error, source);
    } catch {
      // A failing error handler must not turn one broken stream into a crashed proxy.
    }
  }
}

function answerPlain(response: ServerResponse, status: number, body: string, extra: OutgoingHttpHeaders = {}): void {
  response.writeHead(status, {
    ...extra,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  response.end(body);
}

function singleHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}
