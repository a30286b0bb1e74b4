// `plexterm play --player <id>` with a player defined in the config through the bundled custom-player plugin.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startDemoServer } from '../../src/demo/index.js';
import { cleanEnvironment, runCli } from '../helpers/cli.js';
import { findItem } from '../helpers/demoServer.js';
import { hasMpv, playEvents } from '../helpers/playCli.js';
import { standInFolder } from '../helpers/pluginStandIns.js';
import { makeTempFolder } from '../helpers/tempFolder.js';

test('a configured custom player is found by its own id, launched with its template, and play exits 0 when it ends; no log keeps its stream token', async () => {
  const demo = await startDemoServer({ inspect: true });
  const home = await makeTempFolder('plexterm-cli-custom-');
  const standIns = await standInFolder();
  try {
    const player = await standIns.write('standin-player');
    await mkdir(join(home.path, 'config'), { recursive: true });
    const config = {
      plugins: {
        'custom-player': {
          players: [{ id: 'standin', title: 'Stand-in', command: [player.path, '--from', '{startSeconds}', '--title', '{title}', '{url}'], mediaTypes: ['video', 'audio'] }],
        },
      },
    };
    await writeFile(join(home.path, 'config', 'config.json'), JSON.stringify(config));
    const result = await runCli(['--server', demo.url, '--token', demo.token, 'play', '103', '--player', 'standin', '--json'], {
      env: cleanEnvironment(home.path),
      timeoutMs: 60_000,
    });
    assert.is(result.code, 0, result.stderr);
    const events = playEvents(result.stdout);
    const launched = events.find((event) => event.type === 'launched');
    assert.ok(launched && launched.type === 'launched', result.stdout);
    const args = await player.recordedArgs();
    assert.is(args[0], '--from');
    assert.is(args[1], '4.5', 'resumes at the viewOffset of 103 (4500 ms)');
    assert.is(args[2], '--title');
    assert.is(args[3], 'Nosferatu');
    assert.is(args[4], launched && launched.type === 'launched' ? launched.url : '', 'the stream URL of the cache');
    assert.match(args[4] ?? '', /^http:\/\/127\.0\.0\.1:\d+\/stream\/[^/]+\/[^/]+\/[^/]+$/, 'a URL of this playback: part, token, name');
    const pluginsLog = await readFile(join(home.path, 'log', 'plugins.log'), 'utf8');
    for (const [where, text] of [['argv', args.join(' ')], ['plugins.log', pluginsLog]] as const) {
      assert.not.ok(text.includes(demo.token), `no Plex token in the player's ${where}`);
    }
    // The playback's stream token opens the part while it plays: no log keeps it, though the plugin logs its command line.
    const [, partId, streamToken] = /\/stream\/([^/]+)\/([^/]+)\//.exec(args[4] ?? '') ?? [];
    assert.ok(partId && streamToken, args[4]);
    assert.match(pluginsLog, `/stream/${partId}/***/`, 'the player\'s start is logged, its stream token redacted');
    const logFolder = join(home.path, 'log');
    for (const name of await readdir(logFolder)) {
      assert.not.ok((await readFile(join(logFolder, name), 'utf8')).includes(streamToken), `no stream token in ${name}`);
    }
  } finally {
    await standIns.remove();
    await home.remove();
    await demo.close();
  }
});

test('play --audio and --subs reach a custom player through its track placeholders: the REAL mpv as the command plays the English audio with subtitles off', async () => {
  if (!hasMpv()) assert.unreachable('mpv is not on PATH; this test runs the real mpv as a custom player (.ci/run installs it)');
  const demo = await startDemoServer({ inspect: true });
  const home = await makeTempFolder('plexterm-cli-custom-tracks-');
  try {
    const logFile = join(home.path, 'mpv.log');
    const command = ['mpv', '--vo=null', '--ao=null', '--end=1', `--log-file=${logFile}`, '--aid={audioTrack}', '--sid={subtitleTrack}', '--sid=no{subtitlesOff}', '{url}'];
    await mkdir(join(home.path, 'config'), { recursive: true });
    await writeFile(join(home.path, 'config', 'config.json'), JSON.stringify({ plugins: { 'custom-player': { players: [{ id: 'own-mpv', command }] } } }));
    // Metropolis plays German by default, with the server's selected subtitle.
    const metropolis = await findItem(demo, 'Movies', 'Metropolis');
    const result = await runCli(['--server', demo.url, '--token', demo.token, 'play', metropolis.ratingKey, '--player', 'own-mpv', '--from-start', '--audio', 'eng', '--subs', 'off', '--json'], {
      env: cleanEnvironment(home.path),
      timeoutMs: 120_000,
    });
    assert.is(result.code, 0, result.stderr);
    const mpvLog = await readFile(logFile, 'utf8');
    // mpv's own log: the tracks of the file, those it selected marked "(+)".
    assert.match(mpvLog, /\(\+\) Audio\s+--aid=2 --alang=eng/);
    assert.match(mpvLog, /Subs\s+--sid=1/, 'the file has a subtitle track');
    assert.not.match(mpvLog, /\(\+\) Subs/);
  } finally {
    await home.remove();
    await demo.close();
  }
});

test.run();
