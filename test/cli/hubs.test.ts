// `plexterm hubs` and `plexterm collections` (and `ls collection:K`) end to end: the CLI's main() in this process against the real demo server.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startDemoServer, type DemoServer } from '../../src/demo/index.js';
import { cleanEnvironment, printedJson } from '../helpers/cli.js';
import { onDemoServer, runMain } from '../helpers/cliInProcess.js';
import { displayWidth } from '../../src/base/displayWidth.js';
import { demoContainer } from '../helpers/demoServer.js';

const on = onDemoServer(test);
const { plexterm } = on;
const parse = printedJson;

interface Hub {
  title: string;
  hubIdentifier: string;
  key: string;
  size: number;
  more: boolean;
  Metadata: { ratingKey: string; title: string }[];
}

test('hubs --json prints the home screen\'s hubs as the server sends them, each with its items', async () => {
  const hubs = parse<Hub[]>(await plexterm('hubs', '--json'));
  const expected = (await demoContainer(on.demo, '/hubs')).MediaContainer.Hub ?? [];
  assert.equal(hubs.map((hub) => hub.hubIdentifier), expected.map((hub) => hub.hubIdentifier));
  assert.equal(hubs.map((hub) => hub.Metadata.map((item) => item.ratingKey)), expected.map((hub) => (hub.Metadata ?? []).map((item) => item.ratingKey)));
  const recent = hubs.find((hub) => hub.hubIdentifier === 'home.movies.recent');
  assert.ok(recent && recent.more && recent.key === '/hubs/home/recentlyAdded?type=1');
});

test('hubs prints a table per hub under its title, and says how to list a hub that has more', async () => {
  const result = await plexterm('hubs');
  assert.is(result.code, 0, result.stderr);
  const blocks = result.stdout.trimEnd().split('\n\n');
  assert.equal(blocks.map((block) => block.split('\n')[0]?.replace(/ \(.*$/, '')), ['Continue Watching', 'On Deck', 'Recently Added Movies', 'Recently Added TV', 'Recently Added Music']);
  const [continueWatching] = blocks;
  assert.match(continueWatching ?? '', /^Continue Watching \(3\)\nKEY\s+TYPE\s+TITLE/);
  assert.match(continueWatching ?? '', /\n\s*111\s+movie\s+Charade\s+1963/);
  assert.match(blocks[2] ?? '', /^Recently Added Movies \(12; all of them: plexterm ls '\/hubs\/home\/recentlyAdded\?type=1'\)/);
  // The hub's key lists all of them, through ls.
  const all = parse<{ ratingKey: string }[]>(await plexterm('ls', '/hubs/home/recentlyAdded?type=1', '--json'));
  assert.ok(all.length > 12, `${all.length} items`);
});

test('hubs at 80 columns: a hint that would pass the width goes on a line of its own, and no line is wider than 80', async () => {
  const hubsAt = (columns: number) => runMain(['--server', on.demo.url, '--token', on.demo.token, 'hubs'], { env: cleanEnvironment(on.home.path, { COLUMNS: String(columns) }) });
  const result = await hubsAt(80);
  assert.is(result.code, 0, result.stderr);
  const lines = result.stdout.trimEnd().split('\n');
  // "Recently Added Movies (12; all of them: plexterm ls '/hubs/home/recentlyAdded?type=1')" is 86 columns.
  assert.equal(lines.filter((line) => displayWidth(line) > 80), [], 'no line wider than 80 columns');
  const title = lines.indexOf('Recently Added Movies (12)');
  assert.ok(title >= 0, result.stdout);
  assert.is(lines[title + 1], "all of them: plexterm ls '/hubs/home/recentlyAdded?type=1'");
  // Narrower than the hint: the command gets a line of its own, whole (a cut command could not be copied).
  const narrow = (await hubsAt(40)).stdout.split('\n');
  const narrowTitle = narrow.indexOf('Recently Added Movies (12)');
  assert.equal(narrow.slice(narrowTitle, narrowTitle + 3), ['Recently Added Movies (12)', 'all of them:', "plexterm ls '/hubs/home/recentlyAdded?type=1'"]);
});

test('hubs --section N: that library\'s hubs', async () => {
  const hubs = parse<Hub[]>(await plexterm('hubs', '--section', '2', '--json'));
  const expected = (await demoContainer(on.demo, '/hubs/sections/2')).MediaContainer.Hub ?? [];
  assert.ok(hubs.length > 0);
  assert.equal(hubs.map((hub) => hub.hubIdentifier), expected.map((hub) => hub.hubIdentifier));
  const wrong = await plexterm('hubs', '--section', 'tv');
  assert.is(wrong.code, 1);
  assert.is(wrong.stderr.trim().split('\n')[0], 'plexterm: --section must be a section id from plexterm libraries (a number), not "tv"');
});

test('collections lists a library\'s collections; ls collection:K what one holds', async () => {
  const table = await plexterm('collections', '1');
  assert.is(table.code, 0, table.stderr);
  assert.match(table.stdout, /^KEY\s+TITLE\s+ITEMS\s+YEARS\n\s*198\s+Silent Era\s+4\s+1921–1927\n\s*199\s+Midnight Horror\s+3\s+1922–1968\n$/);
  const collections = parse<{ ratingKey: string; type: string; title: string }[]>(await plexterm('collections', '1', '--json'));
  assert.equal(collections.map((collection) => [collection.ratingKey, collection.type, collection.title]), [['198', 'collection', 'Silent Era'], ['199', 'collection', 'Midnight Horror']]);
  const held = parse<{ ratingKey: string }[]>(await plexterm('ls', 'collection:198', '--json'));
  const expected = (await demoContainer(on.demo, '/library/collections/198/children')).MediaContainer.Metadata ?? [];
  assert.equal(held.map((item) => item.ratingKey), expected.map((item) => item.ratingKey));
  assert.is(held.length, 4);
  const listed = await plexterm('ls', 'collection:199');
  assert.match(listed.stdout, /Nosferatu[\s\S]*Night of the Living Dead[\s\S]*Plan 9 from Outer Space/);
  const none = await plexterm('collections', '5');
  assert.is(none.stdout.trim(), '(no collections)');
});

test('hubs and collections have --help with examples', async () => {
  const hubs = await plexterm('hubs', '--help');
  assert.is(hubs.code, 0);
  assert.match(hubs.stdout, /--section <id>/);
  assert.match(hubs.stdout, /--json/);
  assert.match(hubs.stdout, /plexterm hubs --section 2 --json/);
  const collections = await plexterm('collections', '--help');
  assert.match(collections.stdout, /plexterm ls collection:198/);
});

test.run();
