// The `plexterm cache` commands: open, ls, watch, pin, unpin, evict, prune, verify. Actions load the cache lazily.
import type { Command } from 'commander';
import { UsageError } from '../../base/errors.js';
import { parseByteSize } from '../../cache/cacheSettings.js';
import type { CommandRunner } from '../runner.js';
import type { OpenFlags, PinFlags } from './cacheOpen.js';
import type { JsonFlags, PruneFlags } from './cacheManage.js';
import type { VerifyFlags } from './cacheVerify.js';
import type { WatchFlags } from './cacheWatch.js';

function byteSize(name: string): (value: string) => number {
  return (value: string): number => {
    const parsed = parseByteSize(value);
    if (parsed === null) throw new UsageError(`${name} must be a size such as 500MiB, 2GB or 0, not "${value}"`);
    return parsed;
  };
}

function positiveWholeNumber(name: string): (value: string) => number {
  return (value: string): number => {
    const parsed = Number(value);
    if (value.trim() === '' || !Number.isInteger(parsed) || parsed < 1) throw new UsageError(`${name} must be a whole number of 1 or more, not "${value}"`);
    return parsed;
  };
}

const lockNote = '\nThe cache folder belongs to one plexterm process at a time: while `cache open` or `cache watch`\nruns, other cache commands on the same folder stop with a "cache folder ... is in use" message.';

export function registerCacheCommands(program: Command, runner: CommandRunner): void {
  const cache = program
    .command('cache')
    .description('the local media cache: open, watch, pin, evict and verify cached media')
    .addHelpText('after', `\nExamples:\n  plexterm --demo cache open 103\n  plexterm cache ls\n  plexterm cache pin 1001\n  plexterm cache prune --max-size 5GiB\n${lockNote}`);

  cache
    .command('open')
    .description('cache an item (or any http(s) URL), print its progress, and serve its local stream URL until Ctrl-C')
    .argument('[ratingKey]', 'the item, as `plexterm ls` lists it in the KEY column')
    .option('--url <url>', 'cache this http(s) URL instead of a Plex item (no Plex needed, no token sent)')
    .option('--json', 'print every snapshot as one JSON object per line')
    .addHelpText('after', '\nExamples:\n  plexterm --demo cache open 103\n  plexterm cache open 1001 --json\n  plexterm cache open --url https://example.com/video.mp4\n\nExit codes: 0 when stopped with Ctrl-C or SIGTERM, 2 when the entry fails.')
    .action(runner.action(async (session, flags: OpenFlags, ratingKey: string | undefined) => {
      const { openAction } = await import('./cacheOpen.js');
      await openAction(session, runner.output, flags, ratingKey);
    }));

  cache
    .command('ls')
    .description('list the cache entries, most recently used first')
    .option('--json', 'print a JSON array of entry snapshots')
    .addHelpText('after', '\nExample:\n  plexterm cache ls --json')
    .action(runner.action(async (session, flags: JsonFlags) => {
      const { listAction } = await import('./cacheManage.js');
      await listAction(session, runner.output, flags);
    }));

  cache
    .command('watch')
    .description('a live table of the cache entries with a progress bar each, until Ctrl-C')
    .option('--json', 'print each changed snapshot as one JSON object per line')
    .addHelpText('after', `\nExamples:\n  plexterm cache watch\n  plexterm cache watch --json\n${lockNote}`)
    .action(runner.action(async (session, flags: WatchFlags) => {
      const { watchAction } = await import('./cacheWatch.js');
      await watchAction(session, runner.output, flags);
    }));

  cache
    .command('pin')
    .description('keep an item offline: download it fully (progress on stderr), then keep it out of eviction')
    .argument('<ratingKey|key>', 'the item, or a KEY as `plexterm cache ls` shows it')
    .option('--json', 'print the snapshots as JSON lines on stdout instead of a progress bar')
    .addHelpText('after', '\nExamples:\n  plexterm cache pin 1001\n  plexterm --demo cache pin 159 --json\n\nExit codes: 0 when every byte is on disk, 1 when interrupted (it stays pinned), 2 when the download fails.')
    .action(runner.action(async (session, flags: PinFlags, argument: string) => {
      const { pinAction } = await import('./cacheOpen.js');
      await pinAction(session, runner.output, flags, argument);
    }));

  cache
    .command('unpin')
    .description('let a pinned item be evicted again (its bytes stay until then)')
    .argument('<ratingKey|key>', 'the item, or a KEY as `plexterm cache ls` shows it')
    .option('--json', 'print the entry afterwards as a JSON object')
    .addHelpText('after', '\nExample:\n  plexterm cache unpin 1001')
    .action(runner.action(async (session, flags: JsonFlags, argument: string) => {
      const { unpinAction } = await import('./cacheManage.js');
      await unpinAction(session, runner.output, flags, argument);
    }));

  cache
    .command('evict')
    .description("remove an entry's bytes and record from the cache")
    .argument('<key|ratingKey>', 'a KEY as `plexterm cache ls` shows it, or the item')
    .option('--json', 'print the evicted entry as a JSON object')
    .addHelpText('after', '\nExamples:\n  plexterm cache evict 5f3a.../102/1700000000\n  plexterm cache evict 1001')
    .action(runner.action(async (session, flags: JsonFlags, argument: string) => {
      const { evictAction } = await import('./cacheManage.js');
      await evictAction(session, runner.output, flags, argument);
    }));

  cache
    .command('prune')
    .description('evict least recently used entries (never pinned ones) until the cache fits its limit and free-disk reserve')
    .option('--max-size <size>', 'the limit for this run, e.g. 500MiB, 2GB or 0 (default: the "cache.maxSize" setting, 20GiB)', byteSize('--max-size'))
    .option('--json', 'print {"evicted": [snapshots], "usedBytes": N}')
    .addHelpText('after', '\nExamples:\n  plexterm cache prune\n  plexterm cache prune --max-size 500MiB')
    .action(runner.action(async (session, flags: PruneFlags) => {
      const { pruneAction } = await import('./cacheManage.js');
      await pruneAction(session, runner.output, flags);
    }));

  cache
    .command('verify')
    .description('download the recorded ranges again, compare them with the cached bytes, and drop the pieces that differ')
    .argument('[key|ratingKey]', 'only this entry (default: every entry)')
    .option('--sample <n>', 'check n random pieces of at most 1 MiB per entry instead of every byte', positiveWholeNumber('--sample'))
    .option('--dry-run', 'compare and report only: drop nothing and write nothing (works on a full disk)')
    .option('--json', 'print a JSON array with one result per entry')
    .addHelpText('after', '\nExamples:\n  plexterm cache verify\n  plexterm cache verify --sample 8 --json\n\nExit codes: 0 when every checked byte matches, 2 when pieces differed (they were dropped\nfrom the cache and are fetched again when needed) or an entry could not be checked.')
    .action(runner.action(async (session, flags: VerifyFlags, argument: string | undefined) => {
      const { verifyAction } = await import('./cacheVerify.js');
      await verifyAction(session, runner.output, flags, argument);
    }));
}
