// Timed HTTP GETs for the cache benchmarks: time to first byte, whole downloads that discard, and a slow paced reader.
import { get, type IncomingMessage } from 'node:http';

export interface TimedGet {
  status: number;
  /** From just before the request was made to the first body byte (the headers alone do not count). */
  firstByteMs: number;
  /** To the end of the body, or to the first byte when the body was not read. */
  totalMs: number;
  bytes: number;
  /** When the request was made, on performance.now()'s clock. */
  startedAt: number;
}

/**
 * GET on a fresh connection (no keep-alive pool), every byte read and dropped; with `firstByteOnly`
 * the connection is closed at the first body byte (a player that seeks on).
 */
export function timedGet(url: string, headers: Record<string, string> = {}, firstByteOnly = false): Promise<TimedGet> {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    let firstByteMs = Number.NaN;
    let bytes = 0;
    const request = get(url, { headers, agent: false }, (response: IncomingMessage) => {
      const status = response.statusCode ?? 0;
      response.on('data', (chunk: Buffer) => {
        if (bytes === 0) firstByteMs = performance.now() - startedAt;
        bytes += chunk.length;
        if (firstByteOnly) {
          request.destroy();
          resolve({ status, firstByteMs, totalMs: firstByteMs, bytes, startedAt });
        }
      });
      response.on('end', () => resolve({ status, firstByteMs, totalMs: performance.now() - startedAt, bytes, startedAt }));
      response.on('error', (error) => {
        if (!firstByteOnly || bytes === 0) reject(error);
      });
    });
    request.on('error', (error) => {
      if (!firstByteOnly || bytes === 0) reject(error);
    });
  });
}

export interface PacedReader {
  /** Body bytes read so far. */
  readonly bytes: number;
  /** Closes the connection; resolves once it is closed. */
  stop(): Promise<void>;
}

/** A GET that reads its body no faster than `bytesPerSecond` (a player that plays, not one that downloads). */
export function pacedReader(url: string, bytesPerSecond: number, headers: Record<string, string> = {}): Promise<PacedReader> {
  return new Promise((resolve, reject) => {
    const began = performance.now();
    let bytes = 0;
    let timer: NodeJS.Timeout | undefined;
    const request = get(url, { headers, agent: false }, (response) => {
      if ((response.statusCode ?? 0) >= 300) {
        request.destroy();
        reject(new Error(`${url} answered ${response.statusCode}`));
        return;
      }
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        const dueMs = (bytes / bytesPerSecond) * 1000 - (performance.now() - began);
        if (dueMs > 1 && !response.isPaused()) {
          response.pause();
          timer = setTimeout(() => response.resume(), dueMs);
        }
      });
      response.on('error', () => {});
      resolve({
        get bytes() {
          return bytes;
        },
        stop: () =>
          new Promise<void>((done) => {
            clearTimeout(timer);
            if (request.destroyed) {
              done();
              return;
            }
            request.once('close', () => done());
            request.destroy();
          }),
      });
    });
    request.on('error', (error) => {
      if (bytes === 0) reject(error);
    });
  });
}
