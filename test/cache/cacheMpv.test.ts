// A real mpv plays a demo clip through the cache's stream proxy, and seeks in it (failing, saying why, where mpv is missing).
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CachePartRequest } from '../../src/cache/index.js';
import { cacheHarness, reach, type CacheHarness } from '../helpers/cacheHarness.js';
import { requestLog } from '../helpers/cacheLab.js';
import { demoContainer } from '../helpers/demoServer.js';
import { requireMissingProgram } from '../helpers/requiredProgram.js';

/** A small start buffer and read-ahead, so a seek needs bytes nobody fetched yet. */
const settings = { startBuffer: 32 * 1024, chunkSize: 32 * 1024, readAheadBytes: 32 * 1024 };
/** A few times the clip's bitrate: playback keeps up, but mpv's own prefetch cannot reach the seek target first. */
const upstreamRate = 150_000;
const mpvTimeoutMs = 30_000;

function findOnPath(name: string): string | null {
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(folder, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return null;
}

const mpv = findOnPath('mpv');

interface MpvRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** Runs mpv with no config, no video or audio output and no terminal; killed if it runs past 30 s. */
function runMpv(path: string, args: string[]): Promise<MpvRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(path, ['--no-config', '--vo=null', '--ao=null', '--no-terminal', '--ytdl=no', '--msg-level=all=warn', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), mpvTimeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}

/** The cache request for the first part of a movie in the demo's section 1 (a real committed clip). */
async function moviePart(harness: CacheHarness, ratingKey: string): Promise<CachePartRequest & { size: number }> {
  const container = await demoContainer(harness.demo, `/library/metadata/${ratingKey}`);
  const item = container.MediaContainer.Metadata?.[0];
  const part = item?.Media?.[0]?.Part[0];
  if (!item || !part) throw new Error(`the demo has no movie ${ratingKey} with a part`);
  const [, , , partId, changestamp] = part.key.split('/');
  return {
    key: `${harness.demo.machineIdentifier}/${partId}/${changestamp}`,
    title: item.title,
    upstreamPath: part.key,
    fileName: part.key.split('/').pop() ?? 'file',
    container: part.container,
    metadataSize: part.size,
    size: part.size,
  };
}

async function withReadyMovie(body: (harness: CacheHarness, url: string, part: CachePartRequest & { size: number }) => Promise<void>): Promise<void> {
  const harness = await cacheHarness({ rateBytesPerSecond: upstreamRate }, settings);
  try {
    const part = await moviePart(harness, '101');
    const ready = await reach(harness.cache.open(part), ['ready', 'failed']);
    assert.is(ready.state, 'ready', JSON.stringify(ready.error));
    await body(harness, ready.streamUrl ?? '', part);
  } finally {
    await harness.close();
  }
}

if (mpv === null) {
  requireMissingProgram('mpv', 'cacheMpv');
} else {
  const player = mpv;

  test('mpv plays a demo clip through the stream proxy (--end=2) and exits 0', async () => {
    await withReadyMovie(async (_harness, url) => {
      const run = await runMpv(player, ['--end=2', url]);
      assert.is(run.signal, null, `mpv ran past ${mpvTimeoutMs} ms: ${run.output}`);
      assert.is(run.code, 0, run.output);
    });
  });

  test('mpv seeks (--start=5 --end=6): exits 0, and the proxy fetched bytes from the middle of the file on demand', async () => {
    await withReadyMovie(async (harness, url, part) => {
      const run = await runMpv(player, ['--start=5', '--end=6', url]);
      assert.is(run.signal, null, `mpv ran past ${mpvTimeoutMs} ms: ${run.output}`);
      assert.is(run.code, 0, run.output);
      // Read-ahead and background fetches start on chunk boundaries; a fetch that starts between them, in the
      // middle of the file, is a reader's on-demand request: mpv's seek to the 5 s mark, passed on by the proxy.
      const starts = (await requestLog(harness.demo))
        .filter((request) => request.path === part.upstreamPath)
        .map((request) => Number(/^bytes=(\d+)-/.exec(request.range ?? '')?.[1] ?? -1));
      assert.ok(
        starts.some((start) => start % settings.chunkSize !== 0 && start >= part.size * 0.2 && start < part.size * 0.9),
        `an on-demand request in the middle of the ${part.size} bytes: ${starts.join(', ')}`,
      );
    });
  });
}

test.run();
