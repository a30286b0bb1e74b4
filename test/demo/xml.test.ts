// Every XML answer of the demo is well-formed XML 1.0, whatever its titles hold: a conforming parser (saxes, which
// checks every character against XML's Char production, raw or as &#N;) reads every section's listing and every item,
// World Cinema's titles with ESC, BEL, backspaces and C1 controls included.
import { SaxesParser } from 'saxes';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { DemoServer } from '../../src/demo/index.js';
import { hostileTitle } from '../../src/demo/worldCinema.js';
import { demoContainer, demoFetch, withDemo } from '../helpers/demoServer.js';
import { parseXml, xmlParityProblem } from '../helpers/plexXml.js';

async function xmlOf(server: DemoServer, path: string): Promise<string> {
  const response = await demoFetch(server, path, { xml: true });
  const text = await response.text();
  assert.is(response.status, 200, `${path}: ${text.slice(0, 200)}`);
  return text;
}

/** Fails unless `text` parses as XML 1.0, naming the path and the parser's first complaint. */
function assertWellFormed(path: string, text: string): void {
  const parser = new SaxesParser();
  const problems: string[] = [];
  parser.on('error', (error) => problems.push(error.message));
  parser.write(text).close();
  assert.equal(problems.slice(0, 1), [], `${path} is not well-formed XML`);
}

test('every section listing, every World Cinema item, the hubs and search answer well-formed XML', async () => {
  await withDemo({}, async (server) => {
    const sections = (await demoContainer(server, '/library/sections')).MediaContainer.Directory ?? [];
    assert.ok(sections.some((section) => section.title === 'World Cinema'));
    const paths = ['/library/sections', '/hubs', '/hubs/home/recentlyAdded?type=1', '/hubs/search?query=Terminal', '/library/all?type=1', '/library/recentlyAdded'];
    for (const section of sections) paths.push(`/library/sections/${section.key}/all`, `/library/sections/${section.key}/all?includeMeta=1`, `/library/sections/${section.key}/studio`);
    const worldCinema = sections.find((section) => section.title === 'World Cinema');
    const films = (await demoContainer(server, `/library/sections/${worldCinema?.key ?? ''}/all`)).MediaContainer.Metadata ?? [];
    for (const film of films) paths.push(`/library/metadata/${film.ratingKey}`);
    for (const path of paths) assertWellFormed(path, await xmlOf(server, path));
  });
});

test('XML leaves out the characters it cannot carry; JSON keeps the exact text, and the rest is the same data', async () => {
  await withDemo({}, async (server) => {
    const found = (await demoContainer(server, '/hubs/search?query=Terminal')).MediaContainer.Hub?.flatMap((hub) => hub.Metadata ?? []) ?? [];
    const film = found.find((item) => item.title === hostileTitle);
    assert.ok(film, 'JSON carries the title as it is, escapes and all');
    const path = `/library/metadata/${film?.ratingKey ?? ''}`;
    const xml = parseXml(await xmlOf(server, path));
    const video = xml.children.find((child) => child.name === 'Video');
    const expected = hostileTitle.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');
    assert.is(video?.attributes.title, expected, 'the XML title is the JSON one without ESC, BEL and backspaces; tab, line feed, carriage return and C1 stay');
    assert.ok(expected.includes('\u009b') && expected.includes('\t') && expected.includes('\n') && expected.includes('\r'));
    const json = await (await demoFetch(server, path)).json();
    assert.is(xmlParityProblem(json, await xmlOf(server, path)), undefined);
  });
});

test.run();
