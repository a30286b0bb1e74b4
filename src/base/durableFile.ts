// Durable whole-file writes (temporary file, fsync, rename, fsync of the folder) and moving damaged files aside.
import { createRequire } from 'node:module';
import { open, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

// node:crypto loads at the first write, not at the start of every command that only reads (2 to 6 ms).
const require = createRequire(import.meta.url);

export interface DurableWriteOptions {
  /** File mode of the new file; 0o600 when not given (plexterm's files are the person's alone). */
  mode?: number;
}

/**
 * Replaces `path` with `contents` so that once this resolves the new content survives a crash
 * or power loss, and at every moment the file holds either the old or the new content in full.
 */
export async function writeFileDurably(path: string, contents: string | Uint8Array, options: DurableWriteOptions = {}): Promise<void> {
  const temporary = temporaryPathFor(path);
  try {
    await createSyncedFile(temporary, contents, options);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    // A write through a file handle names no file: name the one being replaced, for the message.
    if (error instanceof Error && (error as NodeJS.ErrnoException).path === undefined) (error as NodeJS.ErrnoException).path = path;
    throw error;
  }
  await syncFolder(dirname(path));
}

/** A fresh temporary file name beside `path`, which `isLeftoverTemporaryFile` recognizes. */
export function temporaryPathFor(path: string): string {
  const { randomBytes } = require('node:crypto') as typeof import('node:crypto');
  return `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
}

/** Creates a new file (failing if it exists) holding `contents`, flushed to disk. */
export async function createSyncedFile(path: string, contents: string | Uint8Array, options: DurableWriteOptions = {}): Promise<void> {
  const mode = options.mode ?? 0o600;
  const handle = await open(path, 'wx', mode);
  try {
    // The mode given to open is reduced by the umask; a private file must end up exactly private.
    await handle.chmod(mode);
    await handle.writeFile(contents);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes a rename or a new file in `folder` durable. */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Whether `name` is a temporary file left by writeFileDurably in a process that crashed. */
export function isLeftoverTemporaryFile(name: string): boolean {
  return /\.\d+-[0-9a-f]{8}\.tmp$/.test(name);
}

/** Whether `name` is a damaged file `moveAside` set aside, which is kept for the person. */
export function isMovedAside(name: string): boolean {
  return /\.corrupt-\d{4}-\d\d-\d\dT\d{6}\.\d{3}Z(-\d+)?$/.test(name);
}

/** Renames a damaged file to `<name>.corrupt-<ISO time without colons>`, never over another; resolves with the new path. */
export async function moveAside(path: string, now = new Date()): Promise<string> {
  const base = `${path}.corrupt-${now.toISOString().replaceAll(':', '')}`;
  for (let attempt = 1; ; attempt += 1) {
    const target = attempt === 1 ? base : `${base}-${attempt}`;
    const exists = await stat(target).then(
      () => true,
      () => false,
    );
    if (exists) continue;
    await rename(path, target);
    return target;
  }
}
