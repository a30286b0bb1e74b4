// Waiting for a writable stream to drain: resolves on 'drain', or on 'close' (after which nothing will drain).
import type { Writable } from 'node:stream';

export function drained(output: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      output.off('drain', done);
      output.off('close', done);
      resolve();
    };
    output.on('drain', done);
    output.on('close', done);
  });
}
