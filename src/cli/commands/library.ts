// Library commands: libraries, ls, search, info, watched, unwatched. Their tables and texts (itemDisplay.ts) load when one prints.
import type { Command } from 'commander';
import { isPlextermError, UsageError } from '../../base/errors.js';
import type { Page, PlexMetadata } from '../../plex/index.js';
import { terminalLine } from '../../base/terminalText.js';
import { printJson } from '../output.js';
import type { CommandRunner } from '../runner.js';
import { wholeNumber } from '../argumentParsers.js';

interface JsonOption {
  json?: boolean;
}

interface ListFlags extends JsonOption {
  start?: number;
  size?: number;
  sort?: string;
  unwatched?: boolean;
}

/**
 * Items per request of `ls`. A whole section in one answer can pass the answer cap ("maxAnswerSize",
 * 64 MiB: some 40,000 items of a real server); pages of this many stay far below it, and a page
 * that does not is halved until it fits.
 */
const listPageSize = 1000;

/**
 * `size` items (all, when undefined) from `start` on, fetched a page at a time; one Page with the
 * first page's offset and total. A server that ignores paging answers everything at once, and the
 * walk ends there; an empty page, or one from another place than asked, ends it too.
 */
async function listPages(fetchAny: (start: number, size: number) => Promise<Page<PlexMetadata>>, start: number, size: number | undefined): Promise<Page<PlexMetadata>> {
  let pageSize = listPageSize;
  // Items as rich as some servers send them make even a page too large: halve it until it fits.
  const fetchPage = async (from: number, count: number): Promise<Page<PlexMetadata>> => {
    for (;;) {
      try {
        return await fetchAny(from, Math.min(count, pageSize));
      } catch (error) {
        if (!isPlextermError(error) || error.code !== 'answer-too-large' || Math.min(count, pageSize) <= 1) throw error;
        pageSize = Math.ceil(Math.min(count, pageSize) / 2);
      }
    }
  };
  const first = await fetchPage(start, size ?? listPageSize);
  const items = [...first.items];
  const wanted = Math.min(size ?? Number.POSITIVE_INFINITY, Math.max(first.totalSize - first.offset, 0));
  let last = first;
  while (items.length < wanted && last.items.length > 0 && first.offset + items.length < first.totalSize) {
    const next = first.offset + items.length;
    last = await fetchPage(next, wanted - items.length);
    // A server that answered from elsewhere than asked (it ignores the start) would repeat items.
    if (last.offset !== next) break;
    items.push(...last.items);
  }
  const kept = size === undefined ? items : items.slice(0, size);
  return { items: kept, offset: first.offset, size: kept.length, totalSize: first.totalSize };
}

export function registerLibraryCommands(program: Command, runner: CommandRunner): void {
  program
    .command('libraries')
    .description('list the libraries (sections) of the server')
    .option('--json', 'print a JSON array with the Plex API field names')
    .addHelpText('after', '\nExample:\n  plexterm libraries --json')
    .action(runner.action(async (session, flags: JsonOption) => {
      const sections = await (await session.client()).sections();
      if (flags.json) return printJson(runner.output, sections);
      const [{ formatTable }, { sectionColumns }] = await Promise.all([import('../table.js'), import('./itemDisplay.js')]);
      runner.output.out(formatTable(sections, sectionColumns, runner.output.columns?.()));
    }));

  program
    .command('ls')
    .description('list the items of a library (by section id) or of any listing key')
    .argument('<sectionId|key>', 'a section id from `plexterm libraries`, collection:KEY (a collection from `plexterm collections`), or a key such as /library/metadata/10/children')
    .option('--start <n>', 'index of the first item', wholeNumber('--start'))
    .option('--size <n>', 'how many items to list (default: all)', wholeNumber('--size'))
    .option('--sort <field[:desc]>', 'sort by a field, e.g. titleSort, year:desc, addedAt:desc')
    .option('--unwatched', 'only items not yet watched')
    .option('--json', 'print a JSON array with the Plex API field names')
    .addHelpText('after', '\nExamples:\n  plexterm ls 1 --sort year:desc --size 10\n  plexterm ls collection:198\n  plexterm ls /library/metadata/20/children --json')
    .action(runner.action(async (session, flags: ListFlags, target: string) => {
      const client = await session.client();
      const options = { sort: flags.sort, unwatched: flags.unwatched };
      const collection = /^collection:(\d+)$/.exec(target)?.[1];
      const fetchPage = (start: number, size: number): Promise<Page<PlexMetadata>> => {
        if (/^\d+$/.test(target)) return client.sectionItems(target, { ...options, start, size }).catch((error: unknown) => {
          throw noSuchSection(error, target);
        });
        if (collection !== undefined) return client.collectionItems(collection, { ...options, start, size });
        return client.items(target.startsWith('/') ? target : `/${target}`, { ...options, start, size });
      };
      const page = await listPages(fetchPage, flags.start ?? 0, flags.size);
      const shown = page.offset + page.items.length;
      const footer = page.totalSize > page.items.length ? `${page.offset + 1}–${shown} of ${page.totalSize}` : undefined;
      const { printItems } = await import('./itemDisplay.js');
      printItems(runner, page.items, flags.json, footer);
    }));

  program
    .command('search')
    .description('search the whole server')
    .argument('<query...>', 'words to look for')
    .option('--json', 'print a JSON array with the Plex API field names')
    .addHelpText('after', '\nExample:\n  plexterm search big buck')
    .action(runner.action(async (session, flags: JsonOption, words: string[]) => {
      const items = await (await session.client()).search(words.join(' '));
      const { printItems } = await import('./itemDisplay.js');
      printItems(runner, items, flags.json);
    }));

  program
    .command('info')
    .description('show everything about one item')
    .argument('<ratingKey>', 'the item, as listed in the KEY column')
    .option('--json', 'print the item as one JSON object with the Plex API field names')
    .addHelpText('after', '\nExample:\n  plexterm info 1001 --json')
    .action(runner.action(async (session, flags: JsonOption, ratingKey: string) => {
      const item = await (await session.client()).metadata(ratingKey);
      if (flags.json) return printJson(runner.output, item);
      const { describeItem } = await import('./itemDisplay.js');
      runner.output.out(describeItem(item));
    }));

  for (const [name, watched] of [['watched', true], ['unwatched', false]] as const) {
    program
      .command(name)
      .description(watched ? 'mark an item (or a whole show, season or album) as watched' : 'mark an item as not watched')
      .argument('<ratingKey>', 'the item, as listed in the KEY column')
      .option('--json', 'print the item afterwards as a JSON object')
      .addHelpText('after', `\nExample:\n  plexterm ${name} 1001`)
      .action(runner.action(async (session, flags: JsonOption, ratingKey: string) => {
        const client = await session.client();
        if (watched) await client.scrobble(ratingKey);
        else await client.unscrobble(ratingKey);
        const item = await client.metadata(ratingKey);
        if (flags.json) return printJson(runner.output, item);
        const { displayTitle } = await import('./itemDisplay.js');
        runner.output.out(`${terminalLine(displayTitle(item))}: marked as ${watched ? 'watched' : 'not watched'}`);
      }));
  }
}

/** A number that is no section's (a 404): often an item's key from a listing's KEY column, whose contents have a key of their own. */
function noSuchSection(error: unknown, sectionId: string): unknown {
  if (!isPlextermError(error) || error.code !== 'not-found') return error;
  return new UsageError(`there is no library section ${sectionId} (\`plexterm libraries\` lists them); to list what item ${sectionId} holds: plexterm ls /library/metadata/${sectionId}/children`);
}
