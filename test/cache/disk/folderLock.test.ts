// The cache folder lock on its own: what it records, which owners count as alive, and a killed owner that is still a zombie.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { hostname, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { packageRoot } from '../../../src/base/packageRoot.js';
import type { PlextermError } from '../../../src/base/errors.js';
import { FolderLock, lockFileName, type LockOwner } from '../../../src/cache/disk/folderLock.js';
import { socketFolderIn } from '../../../src/cache/disk/lockSocketFolder.js';
import { startFileServer } from '../../helpers/cacheCli.js';
import { withCacheFolder } from '../../helpers/cacheFolder.js';
import { startTsChild } from '../../helpers/childProcess.js';
import { makeTempFolder } from '../../helpers/tempFolder.js';
import { nodeForOtherUser } from '../../helpers/nodeForOtherUser.js';

async function expectLocked(folder: string, pattern: RegExp): Promise<void> {
  try {
    const lock = await FolderLock.acquire(folder);
    await lock.release();
    assert.unreachable('took a lock that is held');
  } catch (error) {
    assert.is((error as { code?: string }).code, 'cache-locked');
    assert.match((error as Error).message, pattern);
  }
}

function ownerLike(changes: Partial<LockOwner>): string {
  return JSON.stringify({ pid: process.pid, hostname: hostname(), processStart: null, acquiredAt: '', token: 'someone-else', ...changes });
}

/** The PID of a node process that has already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

/** The state letter of a process in /proc/PID/stat (R, S, Z...), or null once it is gone. */
function processState(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? null;
  } catch {
    return null;
  }
}

/** Resolves once `pid` is a zombie (SIGKILL is delivered asynchronously); fails after `limitMs`. */
async function becomesZombie(pid: number, limitMs = 30_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (processState(pid) !== 'Z') {
    if (Date.now() > deadline) assert.unreachable(`process ${pid} is ${processState(pid)}, not a zombie, ${limitMs} ms after SIGKILL`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

test('the lock file names its owner and its socket (an absolute path, though the folder was given relative); release removes both', () =>
  withCacheFolder(async (folder) => {
    const lock = await FolderLock.acquire(relative(process.cwd(), folder));
    const owner = JSON.parse(await readFile(join(folder, lockFileName), 'utf8')) as LockOwner;
    assert.is(owner.pid, process.pid);
    assert.is(owner.hostname, hostname());
    assert.is(owner.token, lock.owner.token);
    // A short folder holds its own socket (a temporary folder from mkdtemp is short).
    assert.is(dirname(owner.socket ?? ''), folder);
    assert.ok(existsSync(owner.socket ?? ''), 'the socket exists while the lock is held');
    await lock.release();
    await lock.release();
    assert.not.ok(existsSync(join(folder, lockFileName)));
    assert.not.ok(existsSync(owner.socket ?? ''), 'release closes the socket and removes its file');
  }),
);

test('a folder path too long for a Unix socket: the socket lives in a 0700 folder of the person\'s in the temporary folder, and a killed owner\'s is cleared', () =>
  withCacheFolder(async (base) => {
    const folder = join(base, 'a'.repeat(60), 'b'.repeat(60), 'c'.repeat(150 - base.length - 123));
    assert.is(folder.length, 150);
    await mkdir(folder, { recursive: true });
    const holder = startTsChild(join('test', 'helpers', 'storeChild.ts'), [folder, 'hold']);
    try {
      await holder.waitForLine(/^ready$/);
      const owner = JSON.parse(await readFile(join(folder, lockFileName), 'utf8')) as LockOwner;
      assert.is(owner.pid, holder.pid);
      assert.is(dirname(owner.socket ?? ''), socketFolderIn(tmpdir()));
      assert.is((await stat(socketFolderIn(tmpdir()))).mode & 0o777, 0o700);
      await expectLocked(folder, new RegExp(`in use by plexterm process ${holder.pid};`));
      await holder.kill();
      assert.ok(existsSync(owner.socket ?? ''), 'a killed owner leaves its socket file behind');
      const lock = await FolderLock.acquire(folder);
      assert.is(lock.owner.pid, process.pid);
      assert.not.ok(existsSync(owner.socket ?? ''), 'takeover removes the dead owner\'s socket file');
      await lock.release();
      assert.not.ok(existsSync(lock.owner.socket ?? ''));
    } finally {
      await holder.kill();
    }
  }),
);

/** A cache folder whose path is too long for a socket: its lock sockets live elsewhere. */
async function longFolderIn(base: string): Promise<string> {
  const folder = join(base, 'a'.repeat(60), 'b'.repeat(60), 'c'.repeat(40));
  await mkdir(folder, { recursive: true });
  return folder;
}

test('another user listening on the full-disk socket\'s predictable name in the shared temporary folder does not lock the person out', () =>
  withCacheFolder(async (base) => {
    const folder = resolve(await longFolderIn(base));
    // The name the full-disk lock had in the shared temporary folder: anyone can compute it from the folder's path.
    const predictable = join(tmpdir(), `${lockFileName}-full-${createHash('sha256').update(folder).digest('hex').slice(0, 7)}.sock`);
    const impostorScript = `
      const server = require('node:net').createServer((connection) => connection.end(JSON.stringify({ pid: 1, hostname: require('node:os').hostname(), processStart: null, acquiredAt: '', token: 'impostor', socket: null })));
      server.listen(process.argv[1], () => console.log('listening'));
      process.stdin.on('end', () => server.close()).resume();`;
    // As root (CI), the impostor is really another user; otherwise this user in another process.
    const asRoot = process.getuid?.() === 0;
    const otherUser = asRoot ? { uid: 65534, gid: 65534 } : {};
    // Another user may not reach this Node where it lives (CI's is under /root): it gets one it can run.
    const node = asRoot ? await nodeForOtherUser() : { path: process.execPath, remove: async () => undefined };
    const impostor = spawn(node.path, ['-e', impostorScript, predictable], { stdio: ['pipe', 'pipe', 'inherit'], ...otherUser });
    try {
      await new Promise<void>((resolveListening, reject) => {
        impostor.once('error', reject);
        impostor.stdout.once('data', () => resolveListening());
      });
      const lock = await FolderLock.acquire(folder);
      assert.is(lock.owner.pid, process.pid, 'the person holds their own cache folder');
      await lock.release();
    } finally {
      impostor.stdin.end();
      await new Promise((resolveExit) => (impostor.exitCode === null ? impostor.once('exit', resolveExit) : resolveExit(null)));
      await rm(predictable, { force: true });
      await node.remove();
    }
  }),
);

test('a socket folder open to others is refused with a clear message, not used', () =>
  withCacheFolder(async (base) => {
    const folder = await longFolderIn(base);
    const temporary = await makeTempFolder('plexterm-tmp-');
    const savedTmpdir = process.env.TMPDIR;
    try {
      process.env.TMPDIR = temporary.path;
      // Made by someone before plexterm, writable by all: names in it may be anyone's.
      await mkdir(socketFolderIn(temporary.path));
      await chmod(socketFolderIn(temporary.path), 0o777);
      let error: PlextermError | undefined;
      try {
        await (await FolderLock.acquire(folder)).release();
      } catch (caught) {
        error = caught as PlextermError;
      }
      assert.ok(error, 'took the lock through a folder open to others');
      assert.is(error.code, 'cache-lock-socket');
      assert.is(error.message, `${socketFolderIn(temporary.path)}, where plexterm keeps the lock sockets of cache folders with long paths, is not a folder of yours alone; remove it, or set TMPDIR to a folder of your own`);
      assert.not.ok(existsSync(join(folder, lockFileName)), 'no lock file is left behind');
    } finally {
      if (savedTmpdir === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmpdir;
      await temporary.remove();
    }
  }),
);

test('a cache open killed with SIGKILL and not yet reaped (a zombie) gives up the folder at once, 20 times in a row', async () => {
  const home = await makeTempFolder('plexterm-zombie-');
  const files = await startFileServer(Buffer.alloc(100_000, 7));
  const entry = join(packageRoot(), 'src', 'main', 'entry.ts');
  // Every `cache open` is a child of this parent, which never reaps: each one killed stays a zombie.
  const parent = startTsChild(join('test', 'helpers', 'unreapedParent.ts'), ['--', process.execPath, '--import', 'tsx', entry, '--home', home.path, 'cache', 'open', '--json', '--url']);
  try {
    let zombie: number | null = null;
    for (let round = 0; round <= 20; round += 1) {
      const file = `round-${round}.mp4`;
      parent.process.stdin.write(`start ${files.url}/${file}\n`);
      const pid = Number(/^child (\d+)/.exec(await parent.waitForLine(new RegExp(`^child \\d+ .*/${file}$`)))?.[1]);
      // A refusal ("in use by plexterm process N") ends the child without this line; the message shows in the failure.
      await parent.waitForLine(new RegExp(`"state":"ready".*/${file}"`), 60_000);
      if (zombie !== null) assert.is(processState(zombie), 'Z', `the owner before round ${round} was still a zombie when this one took the folder`);
      process.kill(pid, 'SIGKILL');
      await becomesZombie(pid);
      zombie = pid;
    }
  } finally {
    parent.process.stdin.end('end\n');
    await parent.exited;
    await files.close();
    await home.remove();
  }
});

test('a live owner, even this very process, keeps the lock', () =>
  withCacheFolder(async (folder) => {
    const lock = await FolderLock.acquire(folder);
    await expectLocked(folder, new RegExp(`in use by plexterm process ${process.pid};`));
    await lock.release();
  }),
);

test('an owner on another host cannot be checked, so it keeps the lock', () =>
  withCacheFolder(async (folder) => {
    await writeFile(join(folder, lockFileName), ownerLike({ pid: 1, hostname: 'elsewhere.example' }));
    await expectLocked(folder, /in use by plexterm process 1 on elsewhere\.example;/);
  }),
);

test('dead owners lose the lock at once: an exited PID, a reused PID, an unreadable lock', () =>
  withCacheFolder(async (folder) => {
    const probe = await FolderLock.acquire(folder);
    await probe.release();
    const ownStart = probe.owner.processStart;
    const dead = [ownerLike({ pid: await deadPid() }), 'not json at all', '{"pid":"x"}'];
    if (ownStart !== null) dead.push(ownerLike({ processStart: `${ownStart}1` }));
    for (const text of dead) {
      await writeFile(join(folder, lockFileName), text);
      const lock = await FolderLock.acquire(folder);
      assert.is(JSON.parse(await readFile(join(folder, lockFileName), 'utf8')).token, lock.owner.token, text);
      await lock.release();
    }
  }),
);

test('release leaves alone a lock that someone else took over', () =>
  withCacheFolder(async (folder) => {
    const lock = await FolderLock.acquire(folder);
    await writeFile(join(folder, lockFileName), ownerLike({}));
    await lock.release();
    assert.ok(existsSync(join(folder, lockFileName)));
  }),
);

test.run();
