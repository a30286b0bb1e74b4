// The bundled offline plugin through the real extension service, over a recording fake library (a show, its seasons) and a recording cache.
import { BehaviorSubject, NEVER } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CacheEntrySnapshot, CommandContext, LibraryItem } from '../../src/api/index.js';
import { commandContext, commandItemOf } from '../../src/extensions/commandContext.js';
import type { MainServices } from '../../src/extensions/mainServices.js';
import { rejection } from '../helpers/extensionFixtures.js';
import { startBundled } from '../helpers/pluginHarness.js';

const show: LibraryItem = { ratingKey: '2000', key: '/library/metadata/2000', type: 'show', title: 'Orbital Kitchen' };
const seasons: LibraryItem[] = [1, 2].map((index) => ({
  ratingKey: `200${index}`, key: `/library/metadata/200${index}`, type: 'season', title: `Season ${index}`, index, parentTitle: 'Orbital Kitchen', parentRatingKey: '2000',
}));
const episodes = new Map<string, LibraryItem[]>(
  seasons.map((season) => [
    season.ratingKey,
    [1, 2, 3].map((index) => ({
      ratingKey: `${season.ratingKey}${index}`, key: `/library/metadata/${season.ratingKey}${index}`, type: 'episode', title: `Episode ${index}`, index, parentIndex: season.index,
      parentRatingKey: season.ratingKey, grandparentRatingKey: '2000',
    })),
  ]),
);
const movie: LibraryItem = { ratingKey: '101', key: '/library/metadata/101', type: 'movie', title: 'Night of the Living Dead' };
const everything = [show, movie, ...seasons, ...[...episodes.values()].flat()];

function fakeServices(brokenEpisode?: string) {
  const calls: string[] = [];
  const libraryCalls: string[] = [];
  const messages: string[] = [];
  const entries = new BehaviorSubject<CacheEntrySnapshot[]>([]);
  const services: Partial<MainServices> = {
    library: {
      sections: async () => [],
      items: async () => [],
      search: async () => [],
      info: async (ratingKey) => {
        libraryCalls.push(`info ${ratingKey}`);
        const found = everything.find((item) => item.ratingKey === ratingKey);
        if (!found) throw new Error(`no item ${ratingKey}`);
        return found;
      },
      children: async (ratingKey) => {
        libraryCalls.push(`children ${ratingKey}`);
        return ratingKey === show.ratingKey ? seasons : (episodes.get(ratingKey) ?? []);
      },
      allLeaves: async (ratingKey) => {
        libraryCalls.push(`allLeaves ${ratingKey}`);
        return ratingKey === show.ratingKey ? [...episodes.values()].flat() : (episodes.get(ratingKey) ?? []);
      },
    },
    cache: {
      entries$: entries,
      entry$: () => NEVER,
      open: async (ratingKey) => {
        calls.push(`open ${ratingKey}`);
        if (ratingKey === brokenEpisode) throw new Error('the item has no media part');
        return `key-${ratingKey}`;
      },
      pin: async (key) => void calls.push(`pin ${key}`),
      unpin: async (key) => void calls.push(`unpin ${key}`),
    },
    ui: {
      showMessage: async (_pluginId, text) => void messages.push(text),
      showQuickPick: async () => undefined,
      setStatusBarItem: () => undefined,
      removeStatusBarItem: () => undefined,
    },
  };
  return { services, calls, libraryCalls, messages, entries };
}

function snapshot(key: string, downloadedBytes: number, totalSize: number | null): CacheEntrySnapshot {
  return {
    key, title: key, state: 'ready', totalSize, downloadedBytes, complete: totalSize !== null && downloadedBytes === totalSize, pinned: true,
    rangeSupport: true, bytesPerSecond: 0, streamUrl: null, error: null, lastAccess: 0,
  };
}

test('offline.keepShow opens and pins every episode of the show (one allLeaves request); offline.keepSeason one season', async () => {
  const fake = fakeServices();
  const harness = await startBundled({ services: fake.services });
  try {
    const result = (await harness.service.executeCommand('offline.keepShow', '2000')) as { title: string; pinned: { key: string; title: string }[]; failed: unknown[] };
    const keys = ['20011', '20012', '20013', '20021', '20022', '20023'];
    assert.equal(fake.calls, keys.flatMap((ratingKey) => [`open ${ratingKey}`, `pin key-${ratingKey}`]));
    assert.equal(result.pinned.map((episode) => episode.title), ['S01E01 Episode 1', 'S01E02 Episode 2', 'S01E03 Episode 3', 'S02E01 Episode 1', 'S02E02 Episode 2', 'S02E03 Episode 3']);
    assert.equal(result.failed, []);
    assert.equal(fake.messages, ['Keeping 6 episodes of Orbital Kitchen offline']);
    assert.equal(fake.libraryCalls, ['info 2000', 'allLeaves 2000'], 'the show\'s episodes in one request, no walk through its seasons');

    fake.calls.length = 0;
    fake.libraryCalls.length = 0;
    const season = (await harness.service.executeCommand('offline.keepSeason', '2002')) as { title: string; pinned: unknown[] };
    assert.equal(fake.calls, ['open 20021', 'pin key-20021', 'open 20022', 'pin key-20022', 'open 20023', 'pin key-20023']);
    assert.is(season.title, 'Orbital Kitchen — Season 2');
    assert.equal(fake.libraryCalls, ['info 2002', 'children 2002']);
  } finally {
    await harness.close();
  }
});

test('an episode that cannot be opened is reported; the others are pinned all the same', async () => {
  const fake = fakeServices('20012');
  const harness = await startBundled({ services: fake.services });
  try {
    const result = (await harness.service.executeCommand('offline.keepSeason', '2001')) as { pinned: unknown[]; failed: { ratingKey: string; error: string }[] };
    assert.is(result.pinned.length, 2);
    assert.equal(result.failed.map((entry) => [entry.ratingKey, entry.error]), [['20012', '[plugin: offline] the item has no media part']]);
    assert.ok(fake.calls.includes('pin key-20013'));
    assert.match(fake.messages[0] ?? '', /^Keeping 2 episodes of Orbital Kitchen — Season 1 offline; 1 could not be pinned: S01E02 Episode 2/);
  } finally {
    await harness.close();
  }
});

test('offline.progress reports bytes and complete per pinned entry from cache.entries$; offline.release unpins', async () => {
  const fake = fakeServices();
  const harness = await startBundled({ services: fake.services });
  try {
    assert.equal(await harness.service.executeCommand('offline.progress'), []);
    await harness.service.executeCommand('offline.keepSeason', '2001');
    fake.entries.next([snapshot('key-20011', 4_000_000, 4_000_000), snapshot('key-20012', 1_500_000, 5_000_000), snapshot('key-other', 1, 1)]);
    const [progress] = (await harness.service.executeCommand('offline.progress')) as {
      title: string; episodes: number; completeEpisodes: number; downloadedBytes: number; totalBytes: number; sizeKnown: boolean;
      entries: { key: string; state: string; downloadedBytes: number; complete: boolean }[];
    }[];
    assert.equal(
      progress!.entries.map((entry) => [entry.key, entry.state, entry.downloadedBytes, entry.complete]),
      [['key-20011', 'ready', 4_000_000, true], ['key-20012', 'ready', 1_500_000, false], ['key-20013', 'missing', 0, false]],
    );
    assert.equal([progress!.episodes, progress!.completeEpisodes, progress!.downloadedBytes, progress!.totalBytes, progress!.sizeKnown], [3, 1, 5_500_000, 9_000_000, false]);
    assert.is(fake.messages.at(-1), 'Orbital Kitchen — Season 1: 1 of 3 episodes offline, 5.5 MB of 9.0 MB+');

    fake.calls.length = 0;
    assert.equal(await harness.service.executeCommand('offline.release', '2001'), { ratingKey: '2001', unpinned: 3 });
    assert.equal(fake.calls, ['unpin key-20011', 'unpin key-20012', 'unpin key-20013']);
    assert.equal(await harness.service.executeCommand('offline.progress'), []);
  } finally {
    await harness.close();
  }
});

test('wrong input names the problem: a movie, a show given to keepSeason, no ratingKey', async () => {
  const fake = fakeServices();
  const harness = await startBundled({ services: fake.services });
  try {
    assert.is((await rejection(harness.service.executeCommand('offline.keepShow', '101'))).message, '[plugin: offline] "Night of the Living Dead" is a movie, not part of a show');
    assert.is(
      (await rejection(harness.service.executeCommand('offline.keepSeason', '2000'))).message,
      '[plugin: offline] "Orbital Kitchen" is a show: select one of its seasons or episodes to keep a season, or keep the whole show (offline.keepShow)',
    );
    assert.match((await rejection(harness.service.executeCommand('offline.keepShow'))).message, /^\[plugin: offline\] select a show, a season or an episode first \(or give its ratingKey/);
    assert.match((await rejection(harness.service.executeCommand('offline.release', { nothing: true }))).message, /give the ratingKey of a season or show/);
    assert.equal(fake.calls, []);
  } finally {
    await harness.close();
  }
});

/** The context the TUI hands a command run from the palette with `item` selected. */
function fromPalette(item?: LibraryItem): CommandContext {
  return commandContext({ source: 'palette', focus: 'list', listingKey: '/library/metadata/2002/children', item: item ? commandItemOf(item) : undefined });
}

const episode = (ratingKey: string) => [...episodes.values()].flat().find((item) => item.ratingKey === ratingKey) as LibraryItem;

test('run on the selected item: keepSeason from an episode keeps its season, keepShow from a season or episode its show', async () => {
  const fake = fakeServices();
  const harness = await startBundled({ services: fake.services });
  try {
    const season = (await harness.service.executeCommand('offline.keepSeason', fromPalette(episode('20022')))) as { ratingKey: string; title: string };
    assert.equal([season.ratingKey, season.title], ['2002', 'Orbital Kitchen — Season 2']);
    assert.equal(fake.calls, ['open 20021', 'pin key-20021', 'open 20022', 'pin key-20022', 'open 20023', 'pin key-20023']);
    assert.equal(fake.libraryCalls, ['info 2002', 'children 2002'], 'the episode\'s season comes from the context: no lookup of the episode');

    fake.libraryCalls.length = 0;
    const selectedSeason = (await harness.service.executeCommand('offline.keepSeason', fromPalette(seasons[0]))) as { ratingKey: string };
    assert.is(selectedSeason.ratingKey, '2001');
    assert.equal(fake.libraryCalls, ['children 2001'], 'a season selected is kept as it is');

    for (const selected of [seasons[1] as LibraryItem, episode('20013'), show]) {
      fake.libraryCalls.length = 0;
      const kept = (await harness.service.executeCommand('offline.keepShow', fromPalette(selected))) as { ratingKey: string; pinned: unknown[] };
      assert.equal([kept.ratingKey, kept.pinned.length], ['2000', 6], `keepShow from the ${selected.type}`);
      assert.ok(fake.libraryCalls.includes('allLeaves 2000'));
    }

    // A row that lacks its parents' keys: the plugin looks the episode up first.
    fake.libraryCalls.length = 0;
    const bare = { ratingKey: '20011', key: '/library/metadata/20011', type: 'episode', title: 'Episode 1' };
    assert.is(((await harness.service.executeCommand('offline.keepSeason', fromPalette(bare))) as { ratingKey: string }).ratingKey, '2001');
    assert.equal(fake.libraryCalls, ['info 20011', 'info 2001', 'children 2001']);
  } finally {
    await harness.close();
  }
});

test('run on the selected item: clear messages for a show given to keepSeason, a movie, and no selection', async () => {
  const fake = fakeServices();
  const harness = await startBundled({ services: fake.services });
  try {
    const message = async (command: string, context: CommandContext) => (await rejection(harness.service.executeCommand(command, context))).message;
    assert.match(await message('offline.keepSeason', fromPalette(show)), /"Orbital Kitchen" is a show: select one of its seasons or episodes to keep a season, or keep the whole show \(offline\.keepShow\)/);
    assert.match(await message('offline.keepSeason', fromPalette(movie)), /"Night of the Living Dead" is a movie, not part of a season/);
    assert.match(await message('offline.keepShow', fromPalette(movie)), /"Night of the Living Dead" is a movie, not part of a show/);
    assert.match(await message('offline.keepSeason', fromPalette()), /select a season or an episode first/);
    assert.match(await message('offline.release', fromPalette()), /select a season or show kept offline, or an episode of one, first/);
    assert.match(await message('offline.release', fromPalette(episode('20011'))), /nothing of "Episode 1" is kept offline/);
    assert.equal(fake.calls, []);
  } finally {
    await harness.close();
  }
});

test('release on the selected item: the kept season an episode is in first (its episodes stay pinned for the kept show), then the show; progress lists all', async () => {
  const fake = fakeServices();
  const harness = await startBundled({ services: fake.services });
  try {
    await harness.service.executeCommand('offline.keepSeason', '2001');
    await harness.service.executeCommand('offline.keepShow', '2000');
    const all = (await harness.service.executeCommand('offline.progress', fromPalette(episode('20012')))) as { ratingKey: string }[];
    assert.equal(all.map((group) => group.ratingKey).sort(), ['2000', '2001']);
    fake.calls.length = 0;
    assert.equal(await harness.service.executeCommand('offline.release', fromPalette(episode('20012'))), { ratingKey: '2001', unpinned: 0 });
    assert.equal(fake.calls, [], 'the show is still kept: its season\'s episodes stay pinned');
    assert.is(fake.messages.at(-1), 'Orbital Kitchen — Season 1 is no longer kept offline; 3 of its episodes stay pinned for what else is kept');
    assert.equal(await harness.service.executeCommand('offline.release', fromPalette(episode('20012'))), { ratingKey: '2000', unpinned: 6 });
    assert.equal(fake.calls, ['20011', '20012', '20013', '20021', '20022', '20023'].map((ratingKey) => `unpin key-${ratingKey}`));
    assert.is(fake.messages.at(-1), 'Orbital Kitchen is no longer kept offline');
  } finally {
    await harness.close();
  }
});

test.run();
