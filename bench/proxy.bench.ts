// Fully cached bytes through the stream proxy vs nginx serving the same 1 GiB file, both downloaded by curl.
// Run alone: node --import tsx bench/proxy.bench.ts
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { access, mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { filter, firstValueFrom } from 'rxjs';
import { type CacheEntry, CacheManager, HttpUpstream } from '../src/cache/index.js';
import { StreamProxy, type StreamSource } from '../src/cache/proxy/index.js';
import { median, round, type BenchResult } from './benchResult.js';
import { timeCommand } from './processTools.js';

const fileSize = 1024 * 1024 * 1024;
const pieceSize = 1024 * 1024;
const runs = 3;
const passThroughRuns = 2;
const fileName = 'media.mp4';
const nginxCandidates = ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx'];
const curlArguments = ['-s', '-o', '/dev/null', '-w', '%{speed_download} %{size_download} %{http_code}'];
const command = `node --import tsx bench/proxy.bench.ts  (curl ${curlArguments.map((part) => (part.includes(' ') ? `'${part}'` : part)).join(' ')} URL; median of ${runs}; nginx: sendfile on)`;

export async function benchProxy(): Promise<BenchResult[]> {
  const folder = await mkdtemp(join(tmpdir(), 'plexterm-bench-proxy-'));
  const proxy = await StreamProxy.start();
  let stopNginx: (() => Promise<void>) | undefined;
  try {
    const path = join(folder, 'www', fileName);
    await mkdir(join(folder, 'www'));
    await writeTestFile(path);
    const registration = proxy.register(fileSource(path));
    const nginx = await findNginx();
    let nginxUrl: string | undefined;
    if (nginx) {
      const started = await startNginx(nginx, folder);
      stopNginx = started.stop;
      nginxUrl = `http://127.0.0.1:${started.port}/${fileName}`;
    }
    // One untimed download each warms the page cache and both servers; then the runs alternate.
    const proxySpeeds: number[] = [];
    const nginxSpeeds: number[] = [];
    await download(registration.url);
    if (nginxUrl) await download(nginxUrl);
    for (let run = 0; run < runs; run += 1) {
      proxySpeeds.push(await download(registration.url));
      if (nginxUrl) nginxSpeeds.push(await download(nginxUrl));
    }
    const proxyMegabytes = median(proxySpeeds) / 1e6;
    const results: BenchResult[] = [
      {
        name: `proxy alone: a plain file source, 1 GiB over loopback (runs ${proxySpeeds.map((speed) => round(speed / 1e6, 0)).join(', ')} MB/s)`,
        value: round(proxyMegabytes, 0),
        unit: 'MB/s',
        target: '> 1000 MB/s',
        met: proxyMegabytes > 1000,
        command,
      },
    ];
    if (!nginxUrl) {
      const name = `proxy vs nginx: nginx not found (${nginxCandidates[0]} or PATH); the CI script installs it`;
      results.push({ name, value: Number.NaN, unit: '%', target: '≥ 50% of nginx', command });
      return results;
    }
    const nginxMegabytes = median(nginxSpeeds) / 1e6;
    // The real path: a cache entry filled from nginx, read back through CacheEntry → downloader → proxy.
    const { passThrough, passThroughCpuPerGiB, cached: entrySpeeds } = await throughCacheEntry(folder, nginxUrl);
    const passThroughMegabytes = median(passThrough) / 1e6;
    const passThroughRatio = (100 * passThroughMegabytes) / nginxMegabytes;
    results.push(
      {
        name: `cache entry: uncached pass-through of a fresh 1 GiB entry, nginx upstream (runs ${passThrough.map((speed) => round(speed / 1e6, 0)).join(', ')} MB/s; cache ${round(passThroughCpuPerGiB, 2)} CPU-s/GiB)`,
        value: round(passThroughMegabytes, 0),
        unit: 'MB/s',
        command,
      },
      // No target here: nginx sends the file with sendfile and almost no CPU, while the cache, on the same two cores,
      // reads every byte from one socket, writes it to its data file and to another socket. Issue 3's 90 % target is
      // bench cache's figure 3, where the upstream is the Plex stand-in (unlimited, and behind a 1 Gbit/s uplink).
      { name: 'uncached pass-through vs nginx sending the file itself (a ceiling on this machine, not the 90% figure)', value: round(passThroughRatio, 0), unit: '%', command },
    );
    const entryMegabytes = median(entrySpeeds) / 1e6;
    const entryRatio = (100 * entryMegabytes) / nginxMegabytes;
    results.push(
      {
        name: `cache entry: fully cached 1 GiB through the real cache path (runs ${entrySpeeds.map((speed) => round(speed / 1e6, 0)).join(', ')} MB/s)`,
        value: round(entryMegabytes, 0),
        unit: 'MB/s',
        target: '> 1000 MB/s',
        met: entryMegabytes > 1000,
        command,
      },
      { name: 'cache entry vs nginx: throughput ratio', value: round(entryRatio, 0), unit: '%', target: '≥ 50%', met: entryRatio >= 50, command },
    );
    const ratio = (100 * proxyMegabytes) / nginxMegabytes;
    results.push(
      {
        name: `nginx: the same file over loopback (runs ${nginxSpeeds.map((speed) => round(speed / 1e6, 0)).join(', ')} MB/s)`,
        value: round(nginxMegabytes, 0),
        unit: 'MB/s',
        command,
      },
      { name: 'proxy vs nginx: throughput ratio', value: round(ratio, 0), unit: '%', target: '≥ 50%', met: ratio >= 50, command },
    );
    return results;
  } finally {
    await proxy.close();
    await stopNginx?.();
    await rm(folder, { recursive: true, force: true });
  }
}

/**
 * Two figures of the real cache path over nginx as the upstream (which costs almost no CPU, so the
 * cache's own cost shows): fresh entries read end to end while nothing is cached (pass-through),
 * then one entry fully cached and read again.
 */
async function throughCacheEntry(folder: string, upstreamUrl: string): Promise<{ passThrough: number[]; passThroughCpuPerGiB: number; cached: number[] }> {
  const cache = await CacheManager.open({
    folder: join(folder, 'cache'),
    settings: { maxSize: 8 * fileSize, freeReserve: 0 },
    connect: (path) => HttpUpstream.forUrl(path),
  });
  try {
    const openReady = async (key: string): Promise<{ entry: CacheEntry; url: string }> => {
      const entry = cache.open({ key, title: key, upstreamPath: upstreamUrl, fileName, container: 'mp4', metadataSize: fileSize });
      const ready = await firstValueFrom(entry.state$.pipe(filter((snapshot) => snapshot.state === 'ready' || snapshot.state === 'failed')));
      if (ready.state !== 'ready' || !ready.streamUrl) throw new Error(`the bench entry failed: ${ready.error?.message ?? 'no stream URL'}`);
      return { entry, url: ready.streamUrl };
    };
    const passThrough: number[] = [];
    // This process is the cache here: its CPU over the downloads is the cache's (curl and nginx are processes of their own).
    let cpuMicroseconds = 0;
    for (let run = 0; run < passThroughRuns; run += 1) {
      const fresh = await openReady(`url/bench-fresh-${run}`);
      const before = process.cpuUsage();
      passThrough.push(await download(fresh.url));
      const used = process.cpuUsage(before);
      cpuMicroseconds += used.user + used.system;
      await cache.evict(`url/bench-fresh-${run}`);
    }
    const { entry, url } = await openReady('url/bench');
    entry.setPinned(true);
    await entry.waitUntilComplete();
    await download(url);
    const cached: number[] = [];
    for (let run = 0; run < runs; run += 1) cached.push(await download(url));
    return { passThrough, passThroughCpuPerGiB: cpuMicroseconds / 1e6 / ((passThroughRuns * fileSize) / 2 ** 30), cached };
  } finally {
    await cache.close();
  }
}

/** The cache's view of a complete entry: reads from its data file, a fresh 1 MiB buffer per piece. */
function fileSource(path: string): StreamSource {
  return {
    fileName,
    container: 'mp4',
    totalSize: fileSize,
    async *read(start, end, signal) {
      const handle = await open(path, 'r');
      try {
        for (let position = start; position < end; ) {
          signal.throwIfAborted();
          const length = Math.min(pieceSize, end - position);
          // Not reused: the socket may still hold the previous piece when the next read starts.
          const buffer = Buffer.allocUnsafe(length);
          const { bytesRead } = await handle.read(buffer, 0, length, position);
          if (bytesRead === 0) throw new Error(`${path} ends before byte ${position}`);
          position += bytesRead;
          yield bytesRead === length ? buffer : buffer.subarray(0, bytesRead);
        }
      } finally {
        await handle.close();
      }
    },
  };
}

async function writeTestFile(path: string): Promise<void> {
  const block = randomBytes(8 * 1024 * 1024);
  const handle = await open(path, 'w');
  try {
    for (let written = 0; written < fileSize; written += block.length) await handle.write(block, 0, Math.min(block.length, fileSize - written));
  } finally {
    await handle.close();
  }
}

/** Bytes per second of one curl download; fails unless the whole file arrived with a 200. */
async function download(url: string): Promise<number> {
  const result = await timeCommand('curl', [...curlArguments, url]);
  const [speed = '', size = '', status = ''] = result.stdout.trim().split(' ');
  if (result.code !== 0 || status !== '200' || Number(size) !== fileSize) {
    throw new Error(`curl ${url}: exit ${result.code}, HTTP ${status}, ${size} bytes ${result.stderr.trim()}`);
  }
  return Number(speed);
}

async function findNginx(): Promise<string | undefined> {
  const onPath = (process.env.PATH ?? '').split(':').filter(Boolean).map((folder) => join(folder, 'nginx'));
  for (const candidate of [...nginxCandidates, ...onPath]) {
    try {
      await access(candidate);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** nginx in the foreground, one process, everything it writes kept in `folder`. */
async function startNginx(binary: string, folder: string): Promise<{ port: number; stop(): Promise<void> }> {
  const port = await freePort();
  const config = join(folder, 'nginx.conf');
  const temp = (name: string): string => `${name} ${join(folder, name)};`;
  await writeFile(
    config,
    `daemon off;
master_process off;
worker_processes 1;
pid ${join(folder, 'nginx.pid')};
error_log ${join(folder, 'error.log')};
events { worker_connections 64; }
http {
  access_log ${join(folder, 'access.log')};
  ${['client_body_temp_path', 'proxy_temp_path', 'fastcgi_temp_path', 'uwsgi_temp_path', 'scgi_temp_path'].map(temp).join('\n  ')}
  sendfile on;
  tcp_nopush on;
  types { video/mp4 mp4; }
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:${port};
    root ${join(folder, 'www')};
  }
}
`,
  );
  const child = spawn(binary, ['-p', folder, '-e', join(folder, 'error.log'), '-c', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = once(child, 'exit');
  for (let attempt = 0; ; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${stderr.trim()}`);
    if (await accepts(port)) break;
    if (attempt > 200) {
      child.kill('SIGKILL');
      throw new Error(`nginx did not listen on 127.0.0.1:${port}: ${stderr.trim()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return {
    port,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGQUIT');
      await exited;
    },
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const result of await benchProxy()) process.stdout.write(`${result.name}: ${result.value} ${result.unit}${result.target ? ` (target ${result.target})` : ''}\n`);
}
