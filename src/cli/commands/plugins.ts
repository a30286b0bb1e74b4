// `plexterm plugins` (and its trust, untrust and new), `plexterm run` and `plexterm play`: the commands over the extension host and playback. Actions load them lazily.
import type { Command } from 'commander';
import { collect } from '../argumentParsers.js';
import type { CommandRunner } from '../runner.js';
import type { PlayFlags } from './play.js';
import type { PluginsFlags } from './pluginsList.js';
import type { PluginsNewFlags } from './pluginsNew.js';
import type { RunFlags } from './run.js';

export function registerPluginCommands(program: Command, runner: CommandRunner): void {
  const plugins = program
    .command('plugins')
    .description('list the plugins found (bundled, your config folder, --plugins-dir) with their state and contributions')
    .option('--json', 'print a JSON array of {id, version, state, contributes, error}')
    .addHelpText(
      'after',
      '\nStates: inactive (found, not needed yet), active, failed, timedOut (activate did not settle), invalid\n(its manifest is wrong; never run). Plugins are activated lazily, so most are inactive here.\nuntrusted: a third-party plugin (in your config folder\'s plugins/) that never runs until you trust it\n(`plexterm plugins trust ID`, or yes in the TUI); a plugin whose files changed since is untrusted again.\nA --plugins-dir trusts its plugins for that run. A plugin may not take a bundled plugin\'s id, command or player.\nWhat plugins print goes to plugins.log in the log folder, never to the terminal.\n\nExamples:\n  plexterm plugins\n  plexterm --plugins-dir ./my-plugins plugins --json\n  plexterm --no-plugins plugins\n  plexterm plugins trust my-plugin\n  plexterm plugins untrust my-plugin',
    )
    .action(runner.action(async (session, flags: PluginsFlags) => {
      const { pluginsAction } = await import('./pluginsList.js');
      await pluginsAction(session, runner.output, flags);
    }));

  plugins
    .command('trust')
    .description('let a third-party plugin (one in your config folder\'s plugins/) run, as its files are now; a changed plugin asks again')
    .argument('<id>', 'the plugin id, as `plexterm plugins` lists it')
    .action(runner.action(async (session, _flags: object, id: string) => {
      const { trustAction } = await import('./pluginsTrust.js');
      await trustAction(session, runner.output, id);
    }));

  plugins
    .command('untrust')
    .description('stop a third-party plugin from running until it is trusted again')
    .argument('<id>', 'the plugin id')
    .action(runner.action(async (session, _flags: object, id: string) => {
      const { untrustAction } = await import('./pluginsTrust.js');
      await untrustAction(session, runner.output, id);
    }));

  plugins
    .command('new')
    .description('write a new plugin to start from: a manifest, one command in the palette, typed JavaScript, a test')
    .argument('<name>', 'its id: lowercase letters, digits, ".", "_" and "-"; its command is <name>.greet')
    .option('--dir <dir>', 'write it in <dir>/<name> (default: the current folder)')
    .addHelpText(
      'after',
      '\nIt refuses a folder that exists. The plugin runs at once with --plugins-dir (trusted for that run);\nnpm install there brings plexterm and TypeScript for `npm run typecheck` and `npm test`.\n\nExamples:\n  plexterm plugins new hello --dir ./my-plugins\n  plexterm --plugins-dir ./my-plugins --demo run hello.greet',
    )
    .action(runner.action(async (_session, flags: PluginsNewFlags, name: string) => {
      const { pluginsNewAction } = await import('./pluginsNew.js');
      await pluginsNewAction(runner.output, flags, name);
    }));

  program
    .command('run')
    .description("run a plugin command headless (activating its plugin) and print its result as JSON")
    .argument('<command>', 'the command id, as `plexterm plugins` lists it under contributes.commands')
    .argument('[args...]', 'its arguments: each is read as JSON when it parses (42, true, {"a":1}), else as a string; a command that acts on the selected item (offline.keepSeason) takes its ratingKey first')
    .option('--json', 'always print the result as one JSON document (null when the command returns nothing)')
    .option('--wait', 'then stay until every pinned download is complete, the command\'s and those earlier runs left unfinished (progress on stderr)')
    .addHelpText(
      'after',
      '\nWithout --json a string result is printed as it is and no result prints nothing; other results are JSON.\nPut arguments that start with "-" after "--". Without --wait, downloads a command starts (offline.keepSeason)\nstop with the process and carry on when the TUI runs next; --wait also finishes those earlier runs left unfinished.\n\nExamples:\n  plexterm run offline.progress --json\n  plexterm run offline.keepSeason 124 --wait\n  plexterm run my.command 42 \'{"season": 2}\' some-text\n  plexterm run my.command -- -1\n\nExit codes: 0 when the command returns (with --wait: and every pinned download is complete), 1 for a usage\nerror or when --wait is interrupted, 2 when the command or its plugin fails (the message names the plugin:\n"[plugin: id] ...") or a pinned download fails.',
    )
    .action(runner.action(async (session, flags: RunFlags, commandId: string, args: string[]) => {
      const { runAction } = await import('./run.js');
      await runAction(session, runner.output, flags, commandId, args);
    }));

  program
    .command('play')
    .description('play an item, or a show, season, album, artist or collection in order, as a server play queue through a player plugin (mpv by default) via the cache, reporting progress to the server')
    .argument('<ratingKey>', 'the item, as `plexterm ls` lists it in the KEY column')
    .option('--player <id>', 'the player to use (default: the config\'s "player" setting, else mpv)')
    .option('--from-start', 'start at 0 instead of where you stopped (the item\'s viewOffset)')
    .option('--shuffle', 'play the queue in a shuffled order')
    .option('--repeat', 'start the queue over at its end (until Ctrl-C)')
    .option('--no-continue', 'just this item: an episode does not go on into the rest of its show, a season plays its first episode only')
    .option('--audio <lang|id>', 'the audio track: a language (eng, en or English, any case) or a stream id; each item plays with its match, told to the server')
    .option('--subs <lang|id|off>', 'the subtitles: a language, a stream id (a sidecar file too), or off; each item plays with its match, told to the server')
    .option('--headless', 'play without the TUI (for now play is always headless)')
    .option('--player-arg <arg>', 'an extra argument for the player, repeatable, e.g. --player-arg=--vo=null', collect, [])
    .option('--json', 'print each playback event as one JSON object per line')
    .addHelpText(
      'after',
      '\nA show starts at its on-deck episode, an episode goes on into the rest of its show; each item plays once\nthe one before it ended, and resumes where you stopped unless --from-start. It ends when the queue does,\nwhen the server ends the session, or at Ctrl-C / SIGTERM (the player is stopped and "stopped" is\nreported for the item that played). An item whose file is missing is skipped.\nWithout --audio and --subs each item plays with the server\'s chosen tracks; a choice for an episode\ncarries to the next episodes of its show by language. A language the first item lacks stops the play\nbefore it starts; a later item without it plays with the server\'s choice (a warning says so).\n\nExamples:\n  plexterm --demo play 101\n  plexterm --demo play 117 --no-continue\n  plexterm play 1001 --from-start\n  plexterm play 2001 --shuffle --repeat\n  plexterm play 1001 --player vlc --json\n  plexterm play 1001 --player-arg=--fullscreen\n  plexterm play 1001 --audio eng --subs fra\n  plexterm play 1001 --subs off\n\nExit codes: 0 when the queue ends or is stopped, 1 for a usage error, 2 when an item could not be played\n(the cache failed, the player failed), nothing in the queue could, or the server ended the session.',
    )
    .action(runner.action(async (session, flags: PlayFlags, ratingKey: string) => {
      const { playAction } = await import('./play.js');
      await playAction(session, runner.output, flags, ratingKey);
    }));
}
