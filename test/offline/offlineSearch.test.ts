// Search while the server is gone: titles matched over the listings kept in an earlier run (real demo server, real listing files).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startDemoServer } from '../../src/demo/index.js';
import { PlexClient } from '../../src/plex/client.js';
import { Browser, type BrowserMemory } from '../../src/tui/state/browser.js';
import { ListingStore } from '../../src/offline/index.js';
import { testIdentity } from '../helpers/plexTestServer.js';
import { makeTempFolder } from '../helpers/tempFolder.js';

interface Run {
  browser: Browser;
  store: ListingStore;
  outcomes: string[];
  close(): Promise<void>;
}

/** One plexterm run's browser over `url`, keeping listings in `folder` for the server `server`. */
function run(url: string, token: string, folder: string, server = 'demo-machine'): Run {
  const client = new PlexClient({ baseUrl: url, token, identity: testIdentity, retries: 0, timeoutMs: 2000 });
  const store = new ListingStore(folder, () => {});
  const outcomes: string[] = [];
  const memory: BrowserMemory = { store, server, reachable: (error) => outcomes.push(error === null ? 'answered' : 'unreachable') };
  const browser = new Browser(client, () => {}, memory);
  return {
    browser,
    store,
    outcomes,
    async close() {
      browser.dispose();
      await store.flush();
      client.dispose();
    },
  };
}

async function titlesOf(browser: Browser, query: string): Promise<string[]> {
  const listing = browser.showSearch(query);
  await listing.items.ensure(0, 100);
  assert.is(listing.items.error, null);
  return Array.from({ length: listing.items.loadedCount }, (_, index) => listing.items.item(index)?.title ?? '?');
}

test('offline, search finds what earlier runs kept: any case, any word order, accents ignored, each item once, by title, this server only', async () => {
  const folder = await makeTempFolder('plexterm-offline-search-');
  const demo = await startDemoServer();
  let closed = false;
  try {
    const online = run(demo.url, demo.token, folder.path);
    try {
      const sections = await new PlexClient({ baseUrl: demo.url, token: demo.token, identity: testIdentity }).sections();
      const movies = sections.find((section) => section.title === 'Movies');
      assert.ok(movies);
      await online.browser.openRoot({ kind: 'section', key: movies.key, title: 'Movies', sectionType: movies.type }).items.ensure(0, 100);
      await online.browser.push({ kind: 'children', ratingKey: '117', title: 'Season 1' }).items.ensure(0, 100);
      await online.browser.push({ kind: 'hub', hub: 'continueWatching', title: 'Continue Watching' }).items.ensure(0, 100);
      assert.equal(await titlesOf(online.browser, 'charade'), ['Charade'], 'the server answers while it is there');
      assert.ok(online.outcomes.every((outcome) => outcome === 'answered'));
    } finally {
      await online.close();
    }
    // Another server's kept listing, in the same folder: never a result for this one.
    const other = new ListingStore(folder.path, () => {});
    other.remember('other-machine|section|1', 0, { items: [{ ratingKey: '9001', key: '/library/metadata/9001', type: 'movie', title: 'Charade Again' }], totalSize: 1 });
    await other.flush();
    await demo.close();
    closed = true;

    const offline = run(demo.url, demo.token, folder.path);
    try {
      assert.equal(await titlesOf(offline.browser, 'CHARADE'), ['Charade'], 'kept in two listings (Movies, Continue Watching), listed once');
      assert.equal(await titlesOf(offline.browser, 'kitchen orbital'), ['Freeze-Dried Beginnings', 'Hydroponic Harvest', 'Re-entry Roast', 'Zero-G Soufflé'], "episodes match their show's title, from season 1 and from Continue Watching, by title");
      assert.equal(await titlesOf(offline.browser, 'souffle'), ['Zero-G Soufflé']);
      assert.equal(await titlesOf(offline.browser, 'the'), ['Night of the Living Dead', 'The General', 'The Kid'], 'not The Last Rocket: season 2 was never opened');
      assert.equal(await titlesOf(offline.browser, 'nothing like it'), []);
      assert.ok(offline.outcomes.length > 0 && offline.outcomes.every((outcome) => outcome === 'unreachable'), 'each search told the TUI the server is gone');
    } finally {
      await offline.close();
    }
  } finally {
    if (!closed) await demo.close();
    await folder.remove();
  }
});

test.run();
