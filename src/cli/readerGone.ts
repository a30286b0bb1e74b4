// A reader that goes away early (`plexterm ls 1 | head -1`) breaks our stdout: writes fail with EPIPE.
// That ends plexterm quietly with exit 0, as SIGPIPE ends other Unix filters, but through the normal
// path: long commands stop as on SIGINT, so caches, locks and servers still close.

let gone = false;
const listeners = new Set<() => void>();

/** True once stdout or stderr lost its reader; nothing more is written. */
export function readerGone(): boolean {
  return gone;
}

/** Calls `listener` once when the reader goes away (at once if it already has); returns its removal. */
export function onReaderGone(listener: () => void): () => void {
  if (gone) {
    listener();
    return () => {};
  }
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Watches the process's output streams for a lost reader. Another write error (a full disk behind
 * `> file`) is said in one line on the other stream, and the exit code says it failed.
 */
export function guardOutputStreams(streams: readonly NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  // Said once: stdout and stderr are often one terminal, and each failing write to the other stream
  // would fail again and come back here, a loop that spun a core forever after an SSH hangup.
  let reported = false;
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      // EIO: the terminal itself went away (the SSH connection or tmux server closed); nobody reads any more.
      if (error.code === 'EPIPE' || error.code === 'EIO') {
        markReaderGone();
        return;
      }
      if (gone || reported) return;
      reported = true;
      process.exitCode = 1;
      const other = stream === process.stderr ? process.stdout : process.stderr;
      if (other.writable) other.write(`plexterm: cannot write the output: ${error.message}\n`);
    });
  }
}

function markReaderGone(): void {
  if (gone) return;
  gone = true;
  process.exitCode = 0;
  for (const listener of [...listeners]) listener();
  listeners.clear();
}
