// Where plugin output goes in a CLI run: one append-only log file in the log folder, never the terminal.
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { redact } from '../base/redact.js';

export class PluginLogFile {
  readonly path: string;
  private stream: WriteStream | undefined;
  private broken = false;

  constructor(logFolder: string, fileName = 'plugins.log') {
    this.path = join(logFolder, fileName);
  }

  /** Appends one line with its time; opens the file on first use. A log that cannot be written is dropped, never fatal. */
  readonly write = (line: string): void => {
    if (this.broken) return;
    if (!this.stream) {
      try {
        mkdirSync(join(this.path, '..'), { recursive: true, mode: 0o700 });
      } catch {
        this.broken = true;
        return;
      }
      this.stream = createWriteStream(this.path, { flags: 'a', mode: 0o600 });
      this.stream.on('error', () => {
        this.broken = true;
      });
    }
    this.stream.write(`${new Date().toISOString()} ${redact(line)}\n`);
  };

  /** Flushes and closes the file. */
  async close(): Promise<void> {
    const stream = this.stream;
    this.stream = undefined;
    if (!stream || stream.destroyed) return;
    await new Promise<void>((resolve) => stream.end(resolve));
  }
}
