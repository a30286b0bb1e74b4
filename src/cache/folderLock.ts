// One plexterm process per cache folder: a lock file naming its owner, taken over at once when that owner is dead.
//
// The lock file is created whole and atomically (written to a temporary file, then hard-linked
// into place, which fails when the lock exists), so nobody ever reads a half-written one. It
// names the owner's PID, host and process start time. A later process checks that owner with
// `process.kill(pid, 0)`: ESRCH (no such process), or a live process that started at another
// time (the PID was reused), means the owner is dead and the lock is taken over now, without
// waiting for any staleness timeout. Takeover renames the dead lock aside and checks that what
// it moved is the lock it judged dead; if another process took the lock in between, it is put
// back. An owner on another host cannot be checked and is treated as alive.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { link, readFile, rename, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ExitCode, PlextermError } from '../base/errors.js';
import { createSyncedFile, temporaryPathFor } from '../base/durableFile.js';

export const lockFileName = 'plexterm.lock';

export interface LockOwner {
  pid: number;
  hostname: string;
  /** The owner's start time as the OS counts it (Linux: clock ticks since boot), or null. */
  processStart: string | null;
  acquiredAt: string;
  /** Random, so a process can tell its own lock from a later one with a reused PID. */
  token: string;
}

export class FolderLock {
  private released = false;

  private constructor(
    readonly path: string,
    readonly owner: LockOwner,
  ) {}

  /**
   * Takes the lock of `folder` (which must exist), or throws a PlextermError with code
   * `cache-locked` naming the live process that holds it.
   */
  static async acquire(folder: string): Promise<FolderLock> {
    const path = join(folder, lockFileName);
    const owner: LockOwner = {
      pid: process.pid,
      hostname: hostname(),
      processStart: processStartTime(process.pid),
      acquiredAt: new Date().toISOString(),
      token: randomBytes(16).toString('hex'),
    };
    for (let attempt = 0; attempt < 10; attempt += 1) {
      if (await createExclusively(path, JSON.stringify(owner))) return new FolderLock(path, owner);
      let currentText: string;
      try {
        currentText = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw error;
      }
      const current = parseOwner(currentText);
      if (current && isAlive(current)) throw lockedError(folder, path, current);
      await takeOver(path, currentText);
    }
    throw new PlextermError(`the lock of the cache folder ${folder} keeps changing hands; try again`, {
      code: 'cache-locked',
      exitCode: ExitCode.usage,
      retryable: true,
    });
  }

  /** Removes the lock file if it is still ours. Safe to call more than once. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    const current = await readFile(this.path, 'utf8').then(parseOwner, () => null);
    if (current?.token === this.owner.token) await rm(this.path, { force: true });
  }
}

/** Creates `path` holding `text`, whole, unless it exists already. */
async function createExclusively(path: string, text: string): Promise<boolean> {
  const temporary = temporaryPathFor(path);
  try {
    await createSyncedFile(temporary, text);
    await link(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(temporary, { force: true });
  }
}

/** Removes a dead owner's lock, unless another process replaced it since we read it. */
async function takeOver(path: string, deadText: string): Promise<void> {
  const aside = `${path}.dead-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const movedText = await readFile(aside, 'utf8').catch(() => null);
  if (movedText !== deadText) {
    // A live process took the lock between our read and our rename: give it back.
    await link(aside, path).catch(() => undefined);
  }
  await rm(aside, { force: true });
}

function parseOwner(text: string): LockOwner | null {
  try {
    const value = JSON.parse(text) as Partial<LockOwner> | null;
    if (typeof value !== 'object' || value === null) return null;
    if (!Number.isSafeInteger(value.pid) || typeof value.hostname !== 'string' || typeof value.token !== 'string') return null;
    return {
      pid: value.pid as number,
      hostname: value.hostname,
      processStart: typeof value.processStart === 'string' ? value.processStart : null,
      acquiredAt: typeof value.acquiredAt === 'string' ? value.acquiredAt : '',
      token: value.token,
    };
  } catch {
    // A lock file is always written whole, so one that does not parse was not written by a
    // live plexterm: it is treated as dead.
    return null;
  }
}

function isAlive(owner: LockOwner): boolean {
  if (owner.hostname !== hostname()) return true;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
  const start = processStartTime(owner.pid);
  return owner.processStart === null || start === null || start === owner.processStart;
}

/** A process's start time from /proc (Linux), to tell a reused PID from the original; null elsewhere. */
function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (the command name) may hold spaces and parentheses; field 22 is the start time.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

function lockedError(folder: string, path: string, owner: LockOwner): PlextermError {
  const where = owner.hostname === hostname() ? '' : ` on ${owner.hostname}`;
  return new PlextermError(
    `the cache folder ${folder} is in use by plexterm process ${owner.pid}${where}; ` +
      `quit that plexterm first, open the cache read-only, or remove ${path} if that process is gone`,
    { code: 'cache-locked', exitCode: ExitCode.usage },
  );
}
