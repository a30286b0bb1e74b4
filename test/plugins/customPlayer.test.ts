// The bundled custom-player plugin through the real extension service, with a node stand-in as the configured command.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { PlayerLaunchOptions } from '../../src/playback/player.js';
import { eventually, rejection } from '../helpers/extensionFixtures.js';
import { recordSession, startBundled, type BundledHarness } from '../helpers/pluginHarness.js';
import { makeTempFolder, type TempFolder } from '../helpers/tempFolder.js';

const options: PlayerLaunchOptions = { startAt: 61_500, title: 'Low Tide', ratingKey: '2042', mediaType: 'video', args: ['-nodisp'] };
const url = 'http://127.0.0.1:9/stream/abc/episode.mkv';

/** A node script that writes its arguments (after the record file's path) as JSON, then exits with `exitCode`. */
async function recorder(folder: TempFolder, exitCode = 0): Promise<{ command: string[]; recorded(): Promise<string[]> }> {
  const script = join(folder.path, `record-${exitCode}.mjs`);
  const record = join(folder.path, `record-${exitCode}.json`);
  await writeFile(script, `import { writeFileSync } from 'node:fs';\nwriteFileSync(process.argv[2], JSON.stringify(process.argv.slice(3)));\nprocess.exit(${exitCode});\n`);
  return { command: [process.execPath, script, record], recorded: async () => JSON.parse(await readFile(record, 'utf8')) as string[] };
}

async function withFolder(body: (folder: TempFolder) => Promise<void>): Promise<void> {
  const folder = await makeTempFolder('plexterm-custom-player-');
  try {
    await body(folder);
  } finally {
    await folder.remove();
  }
}

/** The players the service lists that no manifest contributes (the bundled ones contribute custom-player, mpv and vlc). */
function runTimePlayers(harness: BundledHarness): [string, string, string[]][] {
  const contributed = new Set(['custom-player', 'mpv', 'vlc']);
  return harness.service.players().filter((player) => !contributed.has(player.id)).map((player) => [player.id, player.title, [...player.mediaTypes]]);
}

test('getPlayer("ffplay") activates the plugin (onPlayer:*) and launches the template with every placeholder filled; the launch\'s arguments go at {args}', async () => {
  await withFolder(async (folder) => {
    const stand = await recorder(folder);
    const players = [{ id: 'ffplay', title: 'FFplay', command: [...stand.command, '-autoexit', '-ss', '{startSeconds}', '{args}', '--at={startMs}ms', '{title}', '{ratingKey}', '{mediaType}', '{url}'], mediaTypes: ['video', 'audio'] }];
    const harness = await startBundled({ config: { plugins: { 'custom-player': { players } } } });
    try {
      assert.equal(runTimePlayers(harness), [], 'nothing is registered before the plugin activates');
      const player = await harness.service.getPlayer('ffplay');
      assert.equal([player.id, player.title, [...player.mediaTypes]], ['ffplay', 'FFplay', ['video', 'audio']]);
      assert.is(harness.service.plugins().find((plugin) => plugin.id === 'custom-player')?.state, 'active');
      assert.equal(runTimePlayers(harness), [['ffplay', 'FFplay', ['video', 'audio']]]);
      const session = recordSession(await player.launch(url, options));
      await session.done;
      assert.equal(session.events, [{ type: 'playing', position: 61_500 }, { type: 'ended' }]);
      assert.equal(await stand.recorded(), ['-autoexit', '-ss', '61.5', '-nodisp', '--at=61500ms', 'Low Tide', '2042', 'video', url]);
    } finally {
      await harness.close();
    }
  });
});

test('the chosen tracks fill {audioTrack}, {subtitleTrack}, {subtitleFile} and {subtitlesOff}; an element whose track was not chosen is left out; a choice without its placeholder is logged', async () => {
  await withFolder(async (folder) => {
    const stand = await recorder(folder);
    const tracks = ['--aid={audioTrack}', '--sid={subtitleTrack}', '--sub-file={subtitleFile}', '--sid=no{subtitlesOff}'];
    const players = [
      { id: 'tracked', command: [...stand.command, ...tracks, '{url}'] },
      { id: 'plain', command: [...stand.command, '{url}'] },
    ];
    const harness = await startBundled({ config: { plugins: { 'custom-player': { players } } } });
    try {
      const tracked = await harness.service.getPlayer('tracked');
      const launched = async (player: typeof tracked, launchOptions: PlayerLaunchOptions) => {
        await recordSession(await player.launch(url, { ...launchOptions, args: [] })).done;
        return stand.recorded();
      };
      assert.equal(await launched(tracked, { ...options, audioTrack: 2, subtitleTrack: 3 }), ['--aid=2', '--sid=3', url]);
      assert.equal(await launched(tracked, { ...options, subtitleTrack: 'off' }), ['--sid=no', url]);
      assert.equal(await launched(tracked, { ...options, audioTrack: 1, subtitleTrack: 4, subtitleFile: '/tmp/plexterm-subtitle-x/sidecar.srt' }), ['--aid=1', '--sid=4', '--sub-file=/tmp/plexterm-subtitle-x/sidecar.srt', url]);
      assert.equal(await launched(tracked, options), [url], 'nothing chosen: the player\'s own choice');
      assert.not.ok(harness.log.some((line) => line.includes('plays its own choice')), harness.log.join('\n'));
      assert.equal(await launched(await harness.service.getPlayer('plain'), { ...options, audioTrack: 2, subtitleTrack: 'off' }), [url]);
      assert.ok(harness.log.some((line) => line.includes('custom player "plain" plays its own choice of tracks: its command has no placeholder for the chosen audio track, subtitles off')), harness.log.join('\n'));
    } finally {
      await harness.close();
    }
  });
});

test('each configured player is registered under its own id; bad entries and taken ids are reported, not fatal', async () => {
  await withFolder(async (folder) => {
    const stand = await recorder(folder, 4);
    const players = [
      { id: 'first', command: [...stand.command, '{url}'] },
      { id: 'second', title: 'Second', command: [...stand.command, 'second', '{url}'], mediaTypes: ['audio'] },
      { id: 'Bad Id', command: ['x'] },
      { id: 'empty', command: [] },
      { id: 'mpv', command: ['mpv', '{url}'] },
    ];
    const config = { plugins: { 'custom-player': { players, default: 'second' } } };
    const harness = await startBundled({ config });
    try {
      const listed = (await harness.service.executeCommand('custom-player.list')) as { id: string; registered: boolean; problem?: string }[];
      assert.equal(listed.map((entry) => [entry.id, entry.registered]), [['first', true], ['second', true], ['mpv', false]]);
      assert.is(listed[2]?.problem, '[plugin: custom-player] player "mpv" is contributed by plugin "mpv"; choose another id');
      assert.equal(runTimePlayers(harness), [['first', 'first', ['video', 'audio']], ['second', 'Second', ['audio']]]);
      const { registrations } = await harness.service.stats('custom-player');
      assert.ok(registrations >= 4, `custom-player holds ${registrations} registrations: two players, the dispatcher, the command...`);
      assert.ok(harness.log.some((line) => line.includes('player "mpv" is not registered: [plugin: custom-player] player "mpv" is contributed by plugin "mpv"')), harness.log.join('\n'));
      assert.ok((await harness.service.getPlayer('mpv')).id === 'mpv', 'the mpv plugin still activates');
      assert.ok(harness.log.some((line) => line.includes('skipped: players[2].id must be a lowercase id')), harness.log.join('\n'));
      assert.ok(harness.log.some((line) => line.includes('skipped: players[3].command must be a list of strings')), harness.log.join('\n'));

      // The default setting chooses what the player "custom-player" launches; exit code 4 is an error.
      const session = recordSession(await (await harness.service.getPlayer('custom-player')).launch(url, { ...options, args: [] }));
      await session.done;
      assert.equal(await stand.recorded(), ['second', url]);
      assert.equal(session.events.at(-1), { type: 'error', message: 'second exited with code 4' });

      // Each configured player is reachable under its own id.
      const second = await harness.service.getPlayer('second');
      assert.equal([second.title, [...second.mediaTypes]], ['Second', ['audio']]);
      await recordSession(await second.launch(url, { ...options, args: ['again'] })).done;
      assert.equal(await stand.recorded(), ['second', url, 'again']);

      // Deactivation removes the run-time players; asking for one activates the plugin again.
      await harness.service.deactivate('custom-player');
      assert.equal(await harness.service.stats('custom-player'), { registrations: 0, subscriptions: 0 });
      assert.equal(runTimePlayers(harness), []);
      assert.is((await harness.service.getPlayer('first')).id, 'first');
      assert.equal(runTimePlayers(harness).map(([id]) => id), ['first', 'second']);
    } finally {
      await harness.close();
    }
  });
});

test('the config changing: players are registered again; a missing default or command is a clear launch error', async () => {
  await withFolder(async (folder) => {
    const stand = await recorder(folder);
    const harness = await startBundled({ config: { plugins: { 'custom-player': { players: [] } } } });
    try {
      const player = await harness.service.getPlayer('custom-player');
      assert.match((await rejection(player.launch(url, options))).message, /^\[plugin: custom-player\] no custom player is defined: add one to plugins\.custom-player\.players/);
      await harness.service.updateConfig({ plugins: { 'custom-player': { players: [{ id: 'late', command: [...stand.command, '{url}'] }, { id: 'gone', command: ['/nonexistent/player'] }] } } });
      await eventually(async () => ((await harness.service.executeCommand('custom-player.list')) as unknown[]).length === 2, 'the new players are listed');
      assert.equal(runTimePlayers(harness).map(([id]) => id), ['late', 'gone']);
      await recordSession(await player.launch(url, options)).done;
      assert.equal(await stand.recorded(), [url, '-nodisp']);
      await harness.service.updateConfig({ plugins: { 'custom-player': { players: [{ id: 'gone', command: ['/nonexistent/player'] }] } } });
      await eventually(async () => ((await harness.service.executeCommand('custom-player.list')) as unknown[]).length === 1, 'one player left');
      assert.equal(runTimePlayers(harness).map(([id]) => id), ['gone']);
      assert.match((await rejection(harness.service.getPlayer('late'))).message, /^no plugin contributes the player "late", and no active plugin registered it at run time$/);
      const error = await rejection(player.launch(url, options));
      assert.match(error.message, /^\[plugin: custom-player\] cannot start gone \("\/nonexistent\/player"\): it is not installed or not on PATH; check the command of "gone" in plugins\.custom-player\.players/);
    } finally {
      await harness.close();
    }
  });
});

test.run();
