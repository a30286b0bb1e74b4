// Answers of hostile or broken servers for tests on 127.0.0.1: a body that drips, a body too big to hold.
import type { TestHandler } from './plexTestServer.js';

/** Headers at once, then one space every `everyMs` for ever (whitespace JSON allows): no socket ever goes idle. */
export function drippingJson(everyMs: number): TestHandler {
  return (_request, response) => {
    response.writeHead(200, { 'Content-Type': 'application/json' });
    const timer = setInterval(() => response.write(' '), everyMs);
    response.on('close', () => clearInterval(timer));
  };
}

/** Headers, then `pieceBytes` of body every `everyMs` without end: a body that flows, never a whole answer. */
export function flowingJson(pieceBytes: number, everyMs: number): TestHandler {
  return (_request, response) => {
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.write('{"MediaContainer":{"size":0,"padding":"');
    const piece = ' '.repeat(pieceBytes);
    const timer = setInterval(() => response.write(piece), everyMs);
    response.on('close', () => clearInterval(timer));
  };
}

/** A valid MediaContainer of about `bytes` bytes, written only as fast as the client reads it. */
export function hugeJson(bytes: number): TestHandler {
  return (_request, response) => {
    response.writeHead(200, { 'Content-Type': 'application/json' });
    const piece = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    response.write('{"MediaContainer":{"size":0,"padding":"');
    const pump = (): void => {
      while (sent < bytes) {
        sent += piece.byteLength;
        if (!response.write(piece)) {
          response.once('drain', pump);
          return;
        }
      }
      response.end('"}}');
    };
    response.on('close', () => response.removeAllListeners('drain'));
    pump();
  };
}
