// `cache open --url` with user:pass@ and an API key: the real CLI sends basic authentication to a real 127.0.0.1 server that demands it, and the store on disk keeps the URL without the credentials (the key stays the hash of the whole URL).
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { readdir, readFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CacheEntrySnapshot } from '../../src/cache/index.js';
import { killLiveClis, startCli, stopCli } from '../helpers/cacheCli.js';
import { makeTempFolder } from '../helpers/tempFolder.js';

const user = 'media-user';
const password = 'p@ss:w0rd/secret';
const apiKey = 'apikey-value-4711';
const fileBytes = Buffer.from(Array.from({ length: 256 * 1024 }, (_, index) => (index * 7) % 251));

/** Answers 401 unless the request carries `Basic user:password` and the API key; serves ranges of `fileBytes` otherwise. */
async function startPrivateServer(): Promise<{ url: string; requests: Array<{ url: string; headers: IncomingHttpHeaders }>; close(): Promise<void> }> {
  const requests: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
  const expected = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const server: Server = createServer((request, response) => {
    requests.push({ url: request.url ?? '', headers: request.headers });
    const query = new URL(request.url ?? '/', 'http://127.0.0.1').searchParams;
    if (request.headers.authorization !== expected || query.get('api_key') !== apiKey) {
      response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="media"' }).end('who are you?');
      return;
    }
    const match = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? '');
    const start = match ? Number(match[1]) : 0;
    const end = match?.[2] ? Math.min(fileBytes.length, Number(match[2]) + 1) : fileBytes.length;
    response.writeHead(206, { 'Content-Length': end - start, 'Content-Range': `bytes ${start}-${end - 1}/${fileBytes.length}`, 'Accept-Ranges': 'bytes' }).end(fileBytes.subarray(start, end));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath ?? entry.path, entry.name));
}

test('cache open --url with user:pass@ and api_key sends basic authentication, and the store keeps neither', async () => {
  const server = await startPrivateServer();
  const home = await makeTempFolder('plexterm-url-credentials-');
  try {
    const address = new URL(server.url);
    const url = `http://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${address.host}/private/clip.mp4?quality=hd&api_key=${apiKey}`;
    const live = startCli(home.path, ['cache', 'open', '--url', url, '--json']);
    const ready = JSON.parse(await live.waitForLine(/"state":"ready"/, 60_000)) as CacheEntrySnapshot;
    assert.is(ready.key, `url/${createHash('sha256').update(new URL(url).href).digest('hex')}`, 'the key is the hash of the whole URL');
    const whole = Buffer.from(await (await fetch(ready.streamUrl ?? '')).arrayBuffer());
    assert.ok(whole.equals(fileBytes), 'the whole file came through the stream URL');
    assert.equal(await stopCli(live, 'SIGINT'), { code: 0, signal: null });
    assert.ok(server.requests.length > 0 && server.requests.every((request) => request.headers.authorization?.startsWith('Basic ')), 'every request carried basic authentication');
    assert.not.ok(live.lines.join('\n').includes(password) || live.lines.join('\n').includes(apiKey), 'the output shows neither');

    const files = await filesUnder(join(home.path, 'cache'));
    const texts = await Promise.all(files.filter((path) => path.endsWith('.json')).map(async (path) => ({ path, text: await readFile(path, 'utf8') })));
    assert.ok(texts.some(({ text }) => text.includes(`http://${address.host}/private/clip.mp4?quality=hd`)), `a store file holds the URL without credentials: ${texts.map(({ path }) => path).join(', ')}`);
    for (const { path, text } of texts) {
      for (const secret of [password, encodeURIComponent(password), apiKey, user]) assert.not.ok(text.includes(secret), `${path} holds ${secret}`);
    }
  } finally {
    await killLiveClis();
    await home.remove();
    await server.close();
  }
});

test.run();
