// runTui over pipes instead of a terminal, on the demo server: mouse clicks and the wheel, paging a long list, search, watched, quit.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { PlextermConfig } from '../../src/base/config.js';
import { CacheManager, HttpUpstream } from '../../src/cache/index.js';
import { startDemoServer } from '../../src/demo/index.js';
import { PlexClient } from '../../src/plex/client.js';
import { cachePartRequest } from '../../src/playback/playbackItem.js';
import { runTui } from '../../src/tui/runTui.js';
import { TuiHostBridge } from '../../src/tui/hostBridge.js';
import type { TuiApp } from '../../src/tui/tuiApp.js';
import { sortedEntries } from '../../src/tui/viewModels/cacheRows.js';
import { makeTempFolder } from '../helpers/tempFolder.js';
import { timeLimit } from '../helpers/timeLimit.js';

/** Waits (re-checking after every frame) until `ready` holds. */
async function until(app: TuiApp, ready: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + timeLimit(10_000);
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Promise.race([once(app.options.tuiScreen.screen, 'render'), new Promise((resolve) => setTimeout(resolve, 50))]);
  }
}

/** A pane's text without its colour codes. */
function plain(content: string): string {
  return content.replace(/\x1b\[[\d;]*m/g, '');
}

/** SGR mouse reports, one per read as a terminal sends them: `button` 0 pressed and released is a click, 65 a wheel step down; x and y from 0. */
async function mouse(input: PassThrough, x: number, y: number, reports: readonly ('press' | 'release' | 'wheel')[]): Promise<void> {
  for (const report of reports) {
    input.write(report === 'wheel' ? `\x1b[<65;${x + 1};${y + 1}M` : `\x1b[<0;${x + 1};${y + 1}${report === 'press' ? 'M' : 'm'}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

interface PipedTui {
  app: TuiApp;
  input: PassThrough;
  exit: Promise<number>;
  cache: CacheManager;
  /** Quits if still running, then closes the client and the cache. */
  close(): Promise<void>;
}

/** runTui on pipes against `url`, its data and cache under `folder`; resolves once the first frame is drawn. */
async function startPiped(folder: string, url: string, token: string): Promise<PipedTui> {
  const identity = { clientIdentifier: 'plexterm-tui-test' };
  const client = new PlexClient({ baseUrl: url, token, identity, timeoutMs: timeLimit(2000) });
  const cache = await CacheManager.open({ folder: join(folder, 'cache'), connect: (path) => new HttpUpstream({ baseUrl: url, path, token, identity }) });
  const input = new PassThrough();
  const output = new PassThrough();
  Object.assign(input, { isTTY: true, setRawMode: () => input });
  Object.assign(output, { isTTY: true, columns: 100, rows: 30 });
  output.resume();
  let found: (app: TuiApp) => void = () => {};
  const started = new Promise<TuiApp>((resolve) => (found = resolve));
  const exit = runTui({
    client,
    cache: async () => cache,
    playback: () => Promise.reject(new Error('no playback here')),
    preparePlayer: async () => undefined,
    extensions: async () => ({ plugins: () => [], executeCommand: async () => undefined, fireStartupFinished: async () => undefined, offReason: 'plugins are off', trustRequests: () => [], trust: async () => undefined }),
    bridge: new TuiHostBridge(() => undefined),
    paths: { config: join(folder, 'config'), data: join(folder, 'data'), cache: join(folder, 'cache'), log: join(folder, 'log') },
    config: {} as PlextermConfig,
    server: { url, name: undefined },
    log: () => undefined,
    environment: { TERM: 'xterm-256color' },
    streams: { input, output },
    onFirstPaint: found,
  });
  const app = await started;
  return {
    app,
    input,
    exit,
    cache,
    async close() {
      app.quit();
      await exit.catch(() => undefined);
      client.dispose();
      await cache.close();
    },
  };
}

test('the TUI over pipes: a click opens a library, the wheel scrolls, G pages in the end of 1,000 rows, search, watched, pin, evict, cache panel, q quits', async () => {
  const folder = await makeTempFolder('plexterm-tui-pipes-');
  const demo = await startDemoServer({ bigSectionSize: 1000 });
  const tui = await startPiped(folder.path, demo.url, demo.token);
  const { app, input, cache, exit } = tui;
  try {
    await until(app, () => app.browser.entries.some((entry) => entry.source?.title === 'Big Library') && app.browser.current?.items.totalSize !== null, 'the libraries');
    assert.is(app.browser.current?.source.title, 'Continue Watching');
    assert.is(app.options.serverName, demo.name);
    // Sidebar rows start under its top border: row 0 of the entries is screen line 1.
    const big = app.browser.entries.findIndex((entry) => entry.source?.title === 'Big Library');
    await mouse(input, 3, big + 1, ['press', 'release']);
    await until(app, () => app.browser.current?.items.totalSize === 1000, 'the Big Library');
    const listLeft = app.layout.list.box.aleft as number;
    await mouse(input, listLeft + 5, 5, ['wheel', 'wheel', 'wheel', 'wheel']);
    await until(app, () => app.layout.list.cursor.top === 12, 'the wheel to scroll 12 rows');
    await mouse(input, listLeft + 5, 3, ['press', 'release']);
    await until(app, () => app.focus === 'list' && app.layout.list.selected === 14, 'a click to select a row');
    input.write('G');
    await until(app, () => app.layout.list.selected === 999 && app.selectedItem !== undefined, 'the last row');
    assert.ok((app.browser.current?.items.loadedCount ?? 0) <= 300, 'only the pages in view are fetched');
    input.write('g');
    await until(app, () => app.layout.list.selected === 0, 'the first row');
    const first = app.selectedItem;
    assert.ok(first);
    const watchedBefore = (first.viewCount ?? 0) > 0;
    input.write('w');
    await until(app, () => ((app.selectedItem?.viewCount ?? 0) > 0) !== watchedBefore, 'the watched mark to flip');
    input.write('/');
    input.write('charade');
    await until(app, () => app.browser.current?.source.kind === 'search' && app.browser.current.items.totalSize === 1, 'search results');
    input.write('\r');
    await until(app, () => app.focus === 'list' && app.selectedItem?.title === 'Charade', 'the result selected');
    input.write('o');
    await until(app, () => cache.snapshots().some((entry) => entry.title === 'Charade' && entry.pinned && entry.complete), 'Charade kept offline and downloaded');
    await until(app, () => plain(app.layout.list.box.getContent()).includes('●⚑ Charade'), 'the cached and pinned markers');
    input.write('x');
    await until(app, () => app.message === '"Charade" evicted from the cache', 'the eviction');
    await until(app, () => !cache.snapshots().some((entry) => entry.title === 'Charade' && entry.state !== 'evicted' && entry.downloadedBytes > 0), 'the bytes gone');
    input.write('C');
    await until(app, () => app.layout.cachePanel.visible && app.layout.cachePanel.getContent().includes('Charade'), 'the cache panel');
    input.write('p');
    await until(app, () => app.message?.startsWith('nothing can play: plugins are off') === true, 'the reason nothing plays');
    input.write('q');
    assert.is(await exit, 0);
  } finally {
    await tui.close();
    await demo.close();
    await folder.remove();
  }
});

test('the cache panel takes the keyboard (Tab): j selects an entry, o pins it, x evicts it, whatever the list has selected', async () => {
  const folder = await makeTempFolder('plexterm-tui-cache-panel-');
  const demo = await startDemoServer();
  const tui = await startPiped(folder.path, demo.url, demo.token);
  const { app, input, cache } = tui;
  const client = new PlexClient({ baseUrl: demo.url, token: demo.token, identity: { clientIdentifier: 'plexterm-tui-test' } });
  try {
    await until(app, () => (app.browser.current?.items.loadedCount ?? 0) >= 2, 'Continue Watching');
    for (const index of [0, 1]) {
      const item = await client.metadata(app.browser.current?.items.item(index)?.ratingKey ?? '');
      const media = item.Media?.[0];
      const part = media?.Part?.[0];
      assert.ok(media && part);
      cache.open(cachePartRequest(item, media, part, demo.machineIdentifier));
    }
    await until(app, () => app.cacheEntries.snapshots.filter((entry) => entry.state === 'ready').length === 2, 'two entries ready');
    input.write('C');
    input.write('\t\t\t');
    await until(app, () => app.focus === 'cache', 'Tab to reach the cache panel: list, details, cache');
    input.write('j');
    const [kept, chosen] = sortedEntries(app.cacheEntries.snapshots);
    assert.ok(kept && chosen);
    await until(app, () => app.cacheSelection.selectedKey(app.cacheEntries.snapshots) === chosen.key, 'j to select the second entry');
    input.write('o');
    await until(app, () => cache.snapshots().find((entry) => entry.key === chosen.key)?.pinned === true, 'the selected entry pinned');
    assert.is(cache.snapshots().find((entry) => entry.key === kept.key)?.pinned, false, 'the other entry is left alone');
    await until(app, () => app.message === `keeping "${chosen.title}" offline: downloading all of it` || app.message === `keeping "${chosen.title}" offline`, 'the pin said');
    input.write('x');
    await until(app, () => app.message === `"${chosen.title}" evicted from the cache`, 'the eviction said');
    await until(app, () => !cache.store.has(chosen.key), 'the selected entry evicted');
    assert.ok(cache.store.has(kept.key), 'the other entry stays');
    input.write('C');
    await until(app, () => !app.layout.cachePanel.visible && app.focus === 'list', 'hiding the panel gives the focus back to the list');
  } finally {
    client.dispose();
    await tui.close();
    await demo.close();
    await folder.remove();
  }
});

test('keys typed while the libraries load are kept: the sidebar is not sent back to the first row when they arrive', async () => {
  const folder = await makeTempFolder('plexterm-tui-early-keys-');
  // A server 2 s away: the first frame (Home's rows) comes well before the libraries.
  const demo = await startDemoServer({ latencyMs: 2000 });
  try {
    const tui = await startPiped(folder.path, demo.url, demo.token);
    try {
      const libraries = () => tui.app.browser.entries.some((entry) => entry.source?.title === 'Movies');
      tui.input.write('j');
      tui.input.write('j');
      await until(tui.app, () => tui.app.layout.sidebar.selected === 2, 'the second row below Home');
      assert.not.ok(libraries(), 'the keys were handled before the libraries arrived');
      await until(tui.app, libraries, 'the libraries');
      assert.is(tui.app.layout.sidebar.selected, 2, 'the selection the person made');
    } finally {
      await tui.close();
    }
  } finally {
    await demo.close();
    await folder.remove();
  }
});

test('offline: listings seen in an earlier run are browsed when the server cannot be reached, with the indicator on', async () => {
  const folder = await makeTempFolder('plexterm-tui-offline-');
  const demo = await startDemoServer();
  const { url, token } = demo;
  try {
    const online = await startPiped(folder.path, url, token);
    await until(online.app, () => online.app.browser.entries.some((entry) => entry.source?.title === 'Movies'), 'the libraries');
    const movies = online.app.browser.entries.findIndex((entry) => entry.source?.title === 'Movies');
    await mouse(online.input, 3, movies + 1, ['press', 'release']);
    await until(online.app, () => online.app.browser.current?.source.title === 'Movies' && (online.app.browser.current.items.totalSize ?? 0) > 0, 'Movies');
    const seen = online.app.browser.current?.items.item(0)?.title;
    await online.close();
    await demo.close();
    const offline = await startPiped(folder.path, url, token);
    try {
      await until(offline.app, () => offline.app.offline && offline.app.browser.entries.some((entry) => entry.source?.title === 'Movies'), 'the kept libraries');
      assert.match(plain(offline.app.layout.status.getContent()), /OFFLINE/);
      const again = offline.app.browser.entries.findIndex((entry) => entry.source?.title === 'Movies');
      await mouse(offline.input, 3, again + 1, ['press', 'release']);
      await until(offline.app, () => offline.app.browser.current?.items.item(0)?.title === seen, 'the kept Movies listing');
    } finally {
      await offline.close();
    }
  } finally {
    await demo.close().catch(() => undefined);
    await folder.remove();
  }
});

test('a server that lists no filters or sorts (an older one): f offers the usual ones and says so, and they list as asked', async () => {
  const folder = await makeTempFolder('plexterm-tui-usual-filters-');
  const demo = await startDemoServer();
  // The demo, except that /library/sections/N/filters and /sorts are not there.
  const older = createServer((request, response) => {
    if (/^\/library\/sections\/\d+\/(filters|sorts)(\?|$)/.test(request.url ?? '')) {
      response.writeHead(404, { 'Content-Type': 'text/html' }).end('<html><body>404 Not Found</body></html>');
      return;
    }
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name !== 'host' && name !== 'connection').map(([name, value]) => [name, String(value)]));
    fetch(`${demo.url}${request.url ?? '/'}`, { method: request.method ?? 'GET', headers }).then(
      async (answer) => {
        response.writeHead(answer.status, { 'Content-Type': answer.headers.get('content-type') ?? 'text/plain' });
        response.end(Buffer.from(await answer.arrayBuffer()));
      },
      () => response.writeHead(502).end(),
    );
  });
  older.listen(0, '127.0.0.1');
  await once(older, 'listening');
  const url = `http://127.0.0.1:${(older.address() as AddressInfo).port}`;
  const tui = await startPiped(folder.path, url, demo.token);
  const { app, input } = tui;
  try {
    await until(app, () => app.browser.entries.some((entry) => entry.source?.title === 'Movies'), 'the libraries');
    const movies = app.browser.entries.findIndex((entry) => entry.source?.title === 'Movies');
    await mouse(input, 3, movies + 1, ['press', 'release']);
    await until(app, () => app.browser.current?.source.title === 'Movies' && (app.browser.current.items.totalSize ?? 0) > 0, 'Movies');
    input.write('f');
    await until(app, () => app.overlay !== null, 'the filter menu');
    assert.match(app.message ?? '', /^Movies: the server lists no filters or sorts of its own \(.*404.*\); offering the usual ones$/);
    assert.equal(app.overlay?.picker.items.map((item) => item.label), ['All items', 'Collections', 'Unplayed', 'by Title ↑', 'by Title ↓', 'by Year ↓', 'by Year ↑', 'by Date Added ↓', 'by Date Added ↑']);
    input.write('unplayed');
    input.write('\r');
    await until(app, () => app.browser.title === 'Movies · Unplayed' && app.browser.current?.items.totalSize !== null, 'the unplayed movies');
    const shown = Array.from({ length: app.browser.current?.items.totalSize ?? 0 }, (_, index) => app.browser.current?.items.item(index));
    const expected = ((await (await fetch(`${demo.url}/library/sections/1/all?unwatched=1`, { headers: { Accept: 'application/json', 'X-Plex-Token': demo.token } })).json()) as { MediaContainer: { Metadata: { title: string }[] } }).MediaContainer.Metadata;
    assert.equal(shown.map((item) => item?.title), expected.map((item) => item.title));
    assert.ok(expected.length > 0 && expected.length < 8, `${expected.length} of Movies' 8 are unplayed`);
  } finally {
    await tui.close();
    older.closeAllConnections();
    older.close();
    await demo.close();
    await folder.remove();
  }
});

test.run();
