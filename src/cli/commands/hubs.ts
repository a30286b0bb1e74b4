// Browsing as a Plex client's home screen does: `hubs` (the server's groups: Continue Watching, Recently Added...) and `collections`.
import type { Command } from 'commander';
import { terminalLine } from '../../base/terminalText.js';
import type { PlexMetadata } from '../../plex/index.js';
import { printJson } from '../output.js';
import type { Column } from '../table.js';
import { sectionId } from '../argumentParsers.js';
import type { CommandRunner } from '../runner.js';

interface HubFlags {
  section?: string;
  json?: boolean;
}

const collectionColumns: Column<PlexMetadata>[] = [
  { header: 'KEY', value: (collection) => collection.ratingKey, align: 'right' },
  { header: 'TITLE', value: (collection) => collection.title, maxWidth: 50 },
  { header: 'ITEMS', value: (collection) => (collection.childCount === undefined ? '' : String(collection.childCount)), align: 'right' },
  { header: 'YEARS', value: yearSpan },
];

function yearSpan(collection: PlexMetadata): string {
  const [first, last] = [collection.minYear, collection.maxYear];
  if (typeof first !== 'number' || typeof last !== 'number') return '';
  return first === last ? String(first) : `${first}–${last}`;
}

/**
 * A hub's title line, with the command that lists all of it when the hub has more: on the title's line
 * when it fits the output's width, else on a line of its own (the command on its own line again when
 * even that is too wide). The command itself is never cut: a cut command could not be copied.
 */
function hubHeading(title: string, count: number, moreKey: string | undefined, columns: number | undefined, displayWidth: (text: string) => number): string[] {
  if (moreKey === undefined) return [`${title} (${count})`];
  const command = `plexterm ls '${moreKey}'`;
  const fits = (line: string) => columns === undefined || displayWidth(terminalLine(line)) <= columns;
  const whole = `${title} (${count}; all of them: ${command})`;
  if (fits(whole)) return [whole];
  const hint = `all of them: ${command}`;
  return fits(hint) ? [`${title} (${count})`, hint] : [`${title} (${count})`, 'all of them:', command];
}

export function registerHubCommands(program: Command, runner: CommandRunner): void {
  program
    .command('hubs')
    .description("list the server's hubs, as a Plex home screen shows them: Continue Watching, On Deck, Recently Added...")
    .option('--section <id>', "a library's hubs instead of the home screen's", sectionId('--section'))
    .option('--json', 'print the hubs as a JSON array, each with its items in Metadata (Plex API field names)')
    .addHelpText('after', '\nA hub lists its first items; `plexterm ls <its key>` lists them all.\n\nExamples:\n  plexterm hubs\n  plexterm hubs --section 2 --json')
    .action(runner.action(async (session, flags: HubFlags) => {
      const hubs = await (await session.client()).hubs(flags.section === undefined ? {} : { sectionId: flags.section });
      if (flags.json) return printJson(runner.output, hubs);
      if (hubs.length === 0) {
        runner.output.out('(no hubs)');
        return;
      }
      // Loaded here, not with the command's declaration: --help must not load the width tables.
      const [{ printItems }, { displayWidth }] = await Promise.all([import('./itemDisplay.js'), import('../../base/displayWidth.js')]);
      hubs.forEach((hub, index) => {
        const items = hub.Metadata ?? [];
        const heading = hubHeading(hub.title, items.length, hub.more === true && hub.key ? hub.key : undefined, runner.output.columns?.(), displayWidth);
        runner.output.out(`${index === 0 ? '' : '\n'}${heading.map(terminalLine).join('\n')}`);
        printItems(runner, items, false);
      });
    }));

  program
    .command('collections')
    .description('list the collections of a library')
    .argument('<sectionId>', 'a section id from `plexterm libraries`', sectionId('<sectionId>'))
    .option('--json', 'print a JSON array with the Plex API field names')
    .addHelpText('after', '\n`plexterm ls collection:<KEY>` lists what a collection holds.\n\nExamples:\n  plexterm collections 1\n  plexterm ls collection:198')
    .action(runner.action(async (session, flags: { json?: boolean }, section: string) => {
      const { items } = await (await session.client()).collections(section);
      if (flags.json) return printJson(runner.output, items);
      if (items.length === 0) return runner.output.out('(no collections)');
      const { formatTable } = await import('../table.js');
      runner.output.out(formatTable(items, collectionColumns, runner.output.columns?.()));
    }));
}
