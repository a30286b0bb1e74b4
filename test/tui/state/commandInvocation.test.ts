// What a command run in the TUI acts on: the CommandContext made from the selection, the focus and the listing, plain data only.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { commandContextOf, listingKeyOf, tuiCommandContext } from '../../../src/tui/state/commandInvocation.js';
import { plainDataProblem } from '../../../src/extensions/plainData.js';
import type { PlexMetadata } from '../../../src/plex/models.js';
import { demoEpisodeItem } from '../../helpers/demoItems.js';

const episode: PlexMetadata = {
  ...demoEpisodeItem,
  summary: 'A long summary the command does not need', thumb: '/library/metadata/126/thumb/1',
  Media: [{ id: 1, Part: [{ id: 2, key: '/library/parts/2/file.mkv' }] }],
};

test('an episode selected in a season: its keys, its season\'s and its show\'s, the focus, the listing; nothing else', () => {
  const context = tuiCommandContext({ focus: 'list', item: episode, listing: { kind: 'children', ratingKey: '124', title: 'Season 2' } }, 'palette');
  assert.equal(context, {
    kind: 'commandContext',
    source: 'palette',
    focus: 'list',
    listingKey: '/library/metadata/124/children',
    item: demoEpisodeItem,
  });
  assert.is(plainDataProblem(context), null);
  assert.is(JSON.stringify(JSON.parse(JSON.stringify(context))), JSON.stringify(context), 'the same JSON on both sides');
});

test('nothing selected: no item, still the focus; no listing open: no listing key', () => {
  const owner = { focus: 'sidebar' as const, detailsItem: undefined, browser: { current: undefined } };
  assert.equal(commandContextOf(owner, 'keybinding'), { kind: 'commandContext', source: 'keybinding', focus: 'sidebar' });
});

test('listing keys are the Plex keys `plexterm ls` takes', () => {
  assert.is(listingKeyOf({ kind: 'section', key: '2', title: 'TV Shows', sectionType: 'show' }), '/library/sections/2/all');
  assert.is(listingKeyOf({ kind: 'hub', hub: 'onDeck', title: 'On Deck' }), '/library/onDeck');
  assert.is(listingKeyOf({ kind: 'hub', hub: 'continueWatching', title: 'Continue Watching' }), '/hubs/continueWatching');
  assert.is(listingKeyOf({ kind: 'hub', hub: 'recentlyAdded', title: 'Recently Added' }), '/library/recentlyAdded');
  assert.is(listingKeyOf({ kind: 'search', query: 'rock & roll', title: 'Search' }), '/hubs/search?query=rock%20%26%20roll');
  assert.is(listingKeyOf({ kind: 'home', title: 'Home' }), '/hubs');
  assert.is(listingKeyOf({ kind: 'listing', key: '/library/collections/198/children', title: 'Silent Era' }), '/library/collections/198/children');
  const query = { filters: { genre: '17282' }, filterLabel: 'Genre: Drama', sort: 'year:desc', sortLabel: 'by Year ↓' };
  assert.is(listingKeyOf({ kind: 'section', key: '1', title: 'Movies', sectionType: 'movie', query }), '/library/sections/1/all?genre=17282&sort=year%3Adesc');
});

test.run();
