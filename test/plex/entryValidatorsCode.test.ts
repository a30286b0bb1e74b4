// What runs (dist/bundle) checks list entries with code ajv compiled at build time (scripts/precompiledChecks.mjs);
// the sources compile the same schemas at run time. Both must check and repair alike: the build's code is made here
// as the bundle makes it, and both repair real demo answers and broken copies of them.
import type { ValidateFunction } from 'ajv';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startDemoServer } from '../../src/demo/index.js';
import { repairEntries } from '../../src/plex/entryRepair.js';
import * as runtime from '../../src/plex/entryValidators.js';
import { demoFetch } from '../helpers/demoServer.js';
import { builtCheckModule } from '../helpers/precompiledCheckModule.js';

type Checks = Record<keyof typeof runtime.checkSchemas, () => ValidateFunction<unknown>>;

/** The build's stand-in for entryValidators.ts, bundled as scripts/bundle.mjs bundles it, and loaded. */
async function buildChecks(): Promise<Checks> {
  return (await builtCheckModule('src/plex/entryValidators.ts')) as Checks;
}

/** Broken copies of an entry, as servers and proxies send them: numbers as text, wrong types, missing names, garbage in lists. */
function brokenCopies(entry: Record<string, unknown>): unknown[] {
  const copy = () => structuredClone(entry);
  const copies: unknown[] = [copy(), null, 'text', [entry]];
  for (const [field, value] of Object.entries(entry)) {
    copies.push({ ...copy(), [field]: typeof value === 'number' ? String(value) : typeof value === 'string' ? (Number.isNaN(Number(value)) ? { text: value } : Number(value)) : 'unreadable' });
    copies.push({ ...copy(), [field]: undefined });
    copies.push({ ...copy(), [field]: [null, 7, { nested: [value] }] });
  }
  const media = (entry.Media as Array<Record<string, unknown>> | undefined)?.[0];
  if (media) {
    const part = (media.Part as Array<Record<string, unknown>> | undefined)?.[0] ?? {};
    copies.push({ ...copy(), Media: [{ ...media, Part: [{ ...part, id: 'x', size: '12', Stream: [{ id: '3', streamType: 'two', language: 5 }, 'stream'] }, null] }, 4] });
  }
  return copies;
}

function repaired(list: unknown[], check: ValidateFunction<unknown>): string {
  return JSON.stringify(repairEntries(structuredClone(list), check));
}

test('the build\'s precompiled checks repair real and broken entries exactly as the run-time compiled ones', async () => {
  const built = await buildChecks();
  assert.equal(Object.keys(runtime.checkSchemas).filter((name) => typeof built[name as keyof Checks] !== 'function'), [], 'every check is in the build\'s module');
  const demo = await startDemoServer();
  try {
    const answer = async (path: string) => ((await (await demoFetch(demo, path)).json()) as { MediaContainer: Record<string, unknown> }).MediaContainer;
    const samples: Array<[keyof Checks, unknown[]]> = [
      ['validateSection', (await answer('/library/sections')).Directory as unknown[]],
      ['validateHub', (await answer('/hubs')).Hub as unknown[]],
      ['validateFilter', (await answer('/library/sections/1/filters')).Directory as unknown[]],
      ['validateSort', (await answer('/library/sections/1/sorts')).Directory as unknown[]],
      ['validateFilterValue', (await answer('/library/sections/1/genre')).Directory as unknown[]],
    ];
    for (const ratingKey of ['101', '107', '117', '119']) samples.push(['validateMetadata', (await answer(`/library/metadata/${ratingKey}?includeMarkers=1`)).Metadata as unknown[]]);
    let compared = 0;
    for (const [name, entries] of samples) {
      assert.ok(Array.isArray(entries) && entries.length > 0, `${name}: the demo sent no entries`);
      for (const entry of entries) {
        const list = brokenCopies(entry as Record<string, unknown>);
        assert.is(repaired(list, built[name]()), repaired(list, runtime[name]()), `${name}: ${JSON.stringify(entry).slice(0, 120)}`);
        compared += list.length;
      }
    }
    assert.ok(compared > 200, `only ${compared} entries compared`);
  } finally {
    await demo.close();
  }
});

test.run();
