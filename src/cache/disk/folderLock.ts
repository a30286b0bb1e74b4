// One plexterm process per cache folder: a lock file naming its owner, and a listening Unix socket that proves the owner alive.
//
// The owner first listens on a Unix socket of its own (a fresh name, so it never disturbs anyone
// else's), then creates the lock file whole and atomically (written to a temporary file, then
// hard-linked into place, which fails when the lock exists), naming its PID, host and that socket.
// A later process judges the owner by connecting to the socket: the kernel closes a process's
// sockets the moment it dies, before its parent reaps it, so a killed owner refuses connections
// at once, even while it lingers as a zombie, which `kill(pid, 0)` would still call alive.
// Refused (or no socket file at all) means dead, and the lock is taken over now. Takeover renames
// the dead lock aside and checks that what it moved is the lock it judged dead; if another process
// took the lock in between, it is put back. An owner on another host cannot be checked and is
// treated as alive; so is one whose socket answers in any way but a refusal.
//
// A Unix socket path holds at most about 104 bytes, so when the cache folder's path is too long
// the socket lives in a 0700 folder of the person's own in the temporary folder instead (see
// lockSocketFolder.ts); the lock file records where. Taking the lock
// writes one small file; the socket is an inode with no data. When the disk is too full for that one
// file, the lock is a socket of a fixed name instead (see fullDiskLock.ts), so a full disk never keeps
// the person from the commands that free it.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { link, readFile, rename, rm } from 'node:fs/promises';
import { connect, createServer, type Server } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { ExitCode, PlextermError } from '../../base/errors.js';
import { createSyncedFile, temporaryPathFor } from '../../base/durableFile.js';
import { isNoSpace } from './freeSpace.js';
import { fullDiskOwner, holdFullDiskSocket } from './fullDiskLock.js';
import { privateSocketFolder, socketFolderIn } from './lockSocketFolder.js';

export const lockFileName = 'plexterm.lock';

/** The longest socket path every Unix takes (macOS: 104 bytes with the closing NUL; Linux: 108). */
const longestSocketPath = 103;
/** How long a connection to the owner's socket may take before the owner counts as alive (busy). */
const connectLimitMs = 5_000;

export interface LockOwner {
  pid: number;
  hostname: string;
  /** The owner's start time as the OS counts it (Linux: clock ticks since boot), or null. */
  processStart: string | null;
  acquiredAt: string;
  /** Random, so a process can tell its own lock from a later one with a reused PID. */
  token: string;
  /** The Unix socket the owner listens on while it lives; null in locks of older plexterm versions. */
  socket: string | null;
}

export class FolderLock {
  private released = false;

  private constructor(
    readonly path: string,
    readonly owner: LockOwner,
    private readonly server: Server,
  ) {}

  /**
   * Takes the lock of `folder` (which must exist), or throws a PlextermError with code
   * `cache-locked` naming the live process that holds it.
   */
  static async acquire(folder: string): Promise<FolderLock> {
    const path = join(folder, lockFileName);
    const token = randomBytes(16).toString('hex');
    // Absolute: a newcomer with another working folder must find the same socket.
    const socket = await socketPathFor(resolve(folder), token);
    const fullDiskSocket = await socketPathFor(resolve(folder), `full-${createHash('sha256').update(resolve(folder)).digest('hex')}`);
    const server = await listenOn(socket);
    const owner: LockOwner = {
      pid: process.pid,
      hostname: hostname(),
      processStart: processStartTime(process.pid),
      acquiredAt: new Date().toISOString(),
      token,
      socket,
    };
    try {
      for (let attempt = 0; attempt < 10; attempt += 1) {
        let created: boolean;
        try {
          created = await createExclusively(path, JSON.stringify(owner));
        } catch (error) {
          if (!isNoSpace(error)) throw error;
          await closeServer(server);
          return await FolderLock.acquireOnFullDisk(folder, path, { ...owner, socket: fullDiskSocket });
        }
        if (created) {
          const other = await fullDiskOwner(fullDiskSocket);
          if (!other.alive) return new FolderLock(path, owner, server);
          await rm(path, { force: true });
          throw lockedError(folder, path, parseOwner(other.description ?? ''));
        }
        let currentText: string;
        try {
          currentText = await readFile(path, 'utf8');
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
          throw error;
        }
        const current = parseOwner(currentText);
        if (current && (await isAlive(current))) throw lockedError(folder, path, current);
        if (await takeOver(path, currentText)) await removeSocketOf(current);
      }
    } catch (error) {
      await closeServer(server);
      throw error;
    }
    await closeServer(server);
    throw new PlextermError(`the lock of the cache folder ${folder} keeps changing hands; try again`, {
      code: 'cache-locked',
      exitCode: ExitCode.usage,
      retryable: true,
    });
  }

  /** The lock on a disk too full for the lock file: the fixed-name socket, unless a live owner holds it or the lock file. */
  private static async acquireOnFullDisk(folder: string, path: string, owner: LockOwner): Promise<FolderLock> {
    const held = await holdFullDiskSocket(owner.socket ?? '', JSON.stringify(owner));
    if ('alive' in held) throw lockedError(folder, path, parseOwner(held.description ?? ''));
    // An owner that took the lock file while the disk had room holds the folder.
    const current = await readFile(path, 'utf8').then(parseOwner, () => null);
    if (current && current.token !== owner.token && (await isAlive(current))) {
      await closeServer(held);
      throw lockedError(folder, path, current);
    }
    return new FolderLock(path, owner, held);
  }

  /** Removes the lock file if it is still ours, then stops listening. Safe to call more than once. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    // The lock file goes first: a lock file never names a socket that its live owner has closed.
    const current = await readFile(this.path, 'utf8').then(parseOwner, () => null);
    if (current?.token === this.owner.token) await rm(this.path, { force: true });
    await closeServer(this.server);
  }
}

/**
 * Where the owner with `token` listens: in the cache folder when the path is short enough, else in a
 * folder of the person's own in the temporary folder; never where another user can create names.
 */
async function socketPathFor(folder: string, token: string): Promise<string> {
  const name = `${lockFileName}-${token.slice(0, 12)}.sock`;
  if (Buffer.byteLength(join(folder, name)) <= longestSocketPath) return join(folder, name);
  for (const base of [tmpdir(), '/tmp']) {
    // The length is known before the folder is made: a base too long is passed over untouched.
    if (Buffer.byteLength(join(socketFolderIn(base), name)) <= longestSocketPath) return join(await privateSocketFolder(base), name);
  }
  throw new PlextermError(`no folder has a path short enough for the lock socket of the cache folder ${folder}; set TMPDIR to a short path`, {
    code: 'cache-lock-socket',
    exitCode: ExitCode.usage,
  });
}

/** Listens on `path`; the server never keeps the process running, and drops every connection at once. */
async function listenOn(path: string): Promise<Server> {
  // The name is fresh, so a file there can only be a socket a killed process left with the same random name.
  await rm(path, { force: true });
  const server = createServer((connection) => connection.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // A connection that fails after listening concerns only the newcomer that made it.
  server.on('error', () => undefined);
  server.unref();
  return server;
}

function closeServer(server: Server): Promise<void> {
  // Closing a Unix socket server removes its socket file.
  return new Promise((resolve) => server.close(() => resolve()));
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

/** Removes a dead owner's lock, unless another process replaced it since we read it; true when it was the dead one. */
async function takeOver(path: string, deadText: string): Promise<boolean> {
  const aside = `${path}.dead-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  const movedText = await readFile(aside, 'utf8').catch(() => null);
  const wasDead = movedText === deadText;
  if (!wasDead) {
    // A live process took the lock between our read and our rename: give it back.
    await link(aside, path).catch(() => undefined);
  }
  await rm(aside, { force: true });
  return wasDead;
}

/** Removes the socket file a dead owner left, if it has the name only a lock socket has. */
async function removeSocketOf(owner: LockOwner | null): Promise<void> {
  const socket = owner?.socket;
  if (socket && basename(socket).startsWith(`${lockFileName}-`) && socket.endsWith('.sock')) await rm(socket, { force: true });
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
      socket: typeof value.socket === 'string' ? value.socket : null,
    };
  } catch {
    // A lock file is always written whole, so one that does not parse was not written by a
    // live plexterm: it is treated as dead.
    return null;
  }
}

async function isAlive(owner: LockOwner): Promise<boolean> {
  if (owner.hostname !== hostname()) return true;
  if (owner.socket !== null) return socketAnswers(owner.socket);
  return processAlive(owner);
}

/** False only when the kernel says nobody listens there: the owner is dead. */
function socketAnswers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const connection = connect(path);
    const finish = (alive: boolean) => {
      clearTimeout(timer);
      connection.destroy();
      resolve(alive);
    };
    // A live owner too busy to accept is still alive.
    const timer = setTimeout(() => finish(true), connectLimitMs);
    connection.once('connect', () => finish(true));
    connection.once('error', (error: NodeJS.ErrnoException) => finish(error.code !== 'ECONNREFUSED' && error.code !== 'ENOENT'));
  });
}

/** For a lock written by an older plexterm, which names no socket: the PID, its start time, and whether it is a zombie. */
function processAlive(owner: LockOwner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
  const stat = processStat(owner.pid);
  if (stat !== null && (stat.state === 'Z' || stat.state === 'X')) return false;
  return owner.processStart === null || stat === null || stat.start === owner.processStart;
}

/** A process's state and start time from /proc (Linux), to tell a zombie or a reused PID; null elsewhere. */
function processStat(pid: number): { state: string; start: string } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (the command name) may hold spaces and parentheses; field 3 is the state, field 22 the start time.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', start: fields[19] ?? '' };
  } catch {
    return null;
  }
}

function processStartTime(pid: number): string | null {
  return processStat(pid)?.start ?? null;
}

function lockedError(folder: string, path: string, owner: LockOwner | null): PlextermError {
  if (owner === null) {
    return new PlextermError(`the cache folder ${folder} is in use by another plexterm process; quit that plexterm first, or open the cache read-only`, {
      code: 'cache-locked',
      exitCode: ExitCode.usage,
    });
  }
  const where = owner.hostname === hostname() ? '' : ` on ${owner.hostname}`;
  return new PlextermError(
    `the cache folder ${folder} is in use by plexterm process ${owner.pid}${where}; ` +
      `quit that plexterm first, open the cache read-only, or remove ${path} if that process is gone`,
    { code: 'cache-locked', exitCode: ExitCode.usage },
  );
}
