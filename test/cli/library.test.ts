// The library commands end to end: the CLI's main() in this process against the real demo server, with --json and exit codes.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cleanEnvironment, printedJson } from '../helpers/cli.js';
import { onDemoServer, runMain } from '../helpers/cliInProcess.js';
import { requestLog } from '../helpers/cacheLab.js';
import { demoContainer } from '../helpers/demoServer.js';
import { makeTempFolder } from '../helpers/tempFolder.js';

const on = onDemoServer(test, { bigSectionSize: 500, inspect: true });
const { plexterm } = on;
const parse = printedJson;

interface Item {
  ratingKey: string;
  key: string;
  title: string;
  type: string;
  year?: number;
  viewCount?: number;
  viewOffset?: number;
  duration?: number;
  Media?: Array<{ Part: Array<{ id: number; key: string; size: number }> }>;
}

test('libraries --json prints the sections as Plex names them', async () => {
  const sections = parse<Array<{ key: string; title: string; type: string }>>(await plexterm('libraries', '--json'));
  const expected = await demoContainer(on.demo, '/library/sections');
  assert.equal(sections.map((section) => section.title), expected.MediaContainer.Directory?.map((section) => section.title));
  assert.ok(sections.every((section) => typeof section.key === 'string'));
  assert.ok(sections.some((section) => section.type === 'movie' && section.title === 'Movies'));
});

test('libraries without --json is an aligned table', async () => {
  const result = await plexterm('libraries');
  assert.is(result.code, 0);
  const lines = result.stdout.trimEnd().split('\n');
  assert.match(lines[0] ?? '', /^ID\s+TITLE\s+TYPE$/);
  assert.ok(lines.some((line) => /\bMovies\s+movie$/.test(line)));
});

test('ls --json lists a section with Plex field names and value types', async () => {
  const items = parse<Item[]>(await plexterm('ls', '1', '--json'));
  const expected = await demoContainer(on.demo, '/library/sections/1/all');
  assert.is(items.length, expected.MediaContainer.Metadata?.length);
  for (const item of items) {
    assert.type(item.ratingKey, 'string');
    assert.type(item.key, 'string');
    assert.is(item.type, 'movie');
    assert.type(item.duration, 'number');
    assert.ok(item.Media?.[0]?.Part[0]?.key.startsWith('/library/parts/'));
  }
});

test('ls pages, sorts and filters like the server', async () => {
  const page = parse<Item[]>(await plexterm('ls', '1', '--start', '2', '--size', '3', '--sort', 'year:desc', '--json'));
  const expected = await demoContainer(on.demo, '/library/sections/1/all?sort=year:desc&X-Plex-Container-Start=2&X-Plex-Container-Size=3');
  assert.equal(page.map((item) => item.ratingKey), expected.MediaContainer.Metadata?.map((item) => item.ratingKey));
  assert.is(page.length, 3);
  const unwatched = parse<Item[]>(await plexterm('ls', '1', '--unwatched', '--json'));
  assert.ok(unwatched.length > 0);
  assert.ok(unwatched.every((item) => !item.viewCount));
});

test('ls shows the place in a long list', async () => {
  // The Big Library comes after the hand-made sections (World Cinema is the fifth).
  const result = await plexterm('ls', '6', '--start', '10', '--size', '20');
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stdout, /11–30 of 500/);
});

test('ls lists a section bigger than the answer cap whole, a page at a time', async () => {
  // 500 generated movies are about 0.8 MB of JSON: with a cap of 256 KiB neither one answer of them all
  // nor a page of 1000 fits, and pages are halved until one does.
  const capped = await makeTempFolder();
  try {
    await mkdir(join(capped.path, 'config'), { recursive: true });
    await writeFile(join(capped.path, 'config', 'config.json'), JSON.stringify({ maxAnswerSize: '256KiB' }));
    const result = await runMain(['--server', on.demo.url, '--token', on.demo.token, 'ls', '6', '--json'], { env: cleanEnvironment(capped.path) });
    const items = parse<Item[]>(result);
    assert.is(items.length, 500);
    assert.is(new Set(items.map((item) => item.ratingKey)).size, 500, 'no item twice');
    const requests = (await requestLog(on.demo)).filter((request) => request.path.startsWith('/library/sections/6/all'));
    assert.ok(requests.length > 1, `${requests.length} request(s)`);
  } finally {
    await capped.remove();
  }
});

test('ls takes a listing key, e.g. the seasons of a show', async () => {
  const shows = parse<Item[]>(await plexterm('ls', '2', '--json'));
  const show = shows[0];
  assert.ok(show);
  const seasons = parse<Item[]>(await plexterm('ls', `/library/metadata/${show.ratingKey}/children`, '--json'));
  assert.ok(seasons.length > 0);
  assert.ok(seasons.every((season) => season.type === 'season'));
});

test('ls with an item\'s key where a section id goes (the KEY column of a listing) says so in one line, and how to list it; exit 1', async () => {
  const shows = parse<Item[]>(await plexterm('ls', '2', '--json'));
  const show = shows[0];
  assert.ok(show);
  for (const args of [['ls', show.ratingKey], ['ls', show.ratingKey, '--json']]) {
    const result = await plexterm(...args);
    assert.is(result.code, 1, result.stderr);
    assert.is(result.stdout, '');
    assert.is(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(result.stderr, `there is no library section ${show.ratingKey}`);
    // The command it suggests lists the show's seasons.
    const suggested = /plexterm (ls \S+)\s*$/.exec(result.stderr)?.[1]?.split(' ');
    assert.ok(suggested, result.stderr);
    const seasons = parse<Item[]>(await plexterm(...suggested, '--json'));
    assert.ok(seasons.length > 0 && seasons.every((season) => season.type === 'season'), JSON.stringify(seasons));
  }
});

test('search --json finds items', async () => {
  const items = parse<Item[]>(await plexterm('search', 'nosferatu', '--json'));
  assert.ok(items.some((item) => item.title === 'Nosferatu'), JSON.stringify(items.map((item) => item.title)));
});

test('info --json prints one object with media and parts', async () => {
  const item = parse<Item>(await plexterm('info', '103', '--json'));
  assert.is(item.ratingKey, '103');
  assert.is(item.title, 'Nosferatu');
  assert.type(item.viewOffset, 'number');
  assert.ok((item.Media?.[0]?.Part[0]?.size ?? 0) > 0);
  const human = await plexterm('info', '103');
  assert.match(human.stdout, /Resume at/);
});

test('watched and unwatched change what the server reports', async () => {
  const watched = parse<Item>(await plexterm('watched', '105', '--json'));
  assert.is(watched.viewCount, 1);
  const again = parse<Item>(await plexterm('info', '105', '--json'));
  assert.is(again.viewCount, 1);
  const result = await plexterm('unwatched', '105');
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stdout, /not watched/);
  const after = parse<Item>(await plexterm('info', '105', '--json'));
  assert.ok(!after.viewCount);
});

test('an unknown ratingKey is a one-line server error with exit code 2', async () => {
  const result = await plexterm('info', '987654');
  assert.is(result.code, 2);
  assert.is(result.stdout, '');
  assert.is(result.stderr.trim().split('\n').length, 1);
  assert.match(result.stderr, /987654/);
  assert.not.match(result.stderr, /\bat .*\.ts:\d+/);
});

test('a rejected token is exit code 2 and says to run plexterm login, without printing the token', async () => {
  const wrong = 'wrong-token-123456';
  const result = await runMain(['--server', on.demo.url, '--token', wrong, 'libraries'], { env: cleanEnvironment(on.home.path) });
  assert.is(result.code, 2);
  assert.match(result.stderr, /plexterm login/);
  assert.is(result.stderr.trim().split('\n').length, 1);
  assert.not.ok(result.stderr.includes(wrong) || result.stdout.includes(wrong));
});

test('--verbose adds a stack trace, still without the token', async () => {
  const wrong = 'another-wrong-token-99';
  const result = await runMain(['--verbose', '--server', on.demo.url, '--token', wrong, 'libraries'], { env: cleanEnvironment(on.home.path) });
  assert.is(result.code, 2);
  assert.ok(result.stderr.trim().split('\n').length > 1);
  assert.not.ok(result.stderr.includes(wrong));
});

test('the environment configures the server; flags beat it', async () => {
  const fromEnvironment = await runMain(['libraries', '--json'], {
    env: cleanEnvironment(on.home.path, { PLEXTERM_SERVER: on.demo.url, PLEXTERM_TOKEN: on.demo.token }),
  });
  assert.is(fromEnvironment.code, 0, fromEnvironment.stderr);
  const flagWins = await runMain(['--token', 'flag-token-wrong', 'libraries'], {
    env: cleanEnvironment(on.home.path, { PLEXTERM_SERVER: on.demo.url, PLEXTERM_TOKEN: on.demo.token }),
  });
  assert.is(flagWins.code, 2);
});

test.run();
