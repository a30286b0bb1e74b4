// The real TUI in tmux with the real mpv (no picture, no sound) on a demo season in two languages: a switches the audio and
// c the subtitles of the episode that plays (mpv says what it plays over its IPC socket), the status bar says what was
// chosen, the server is told, and the next episode starts with the same subtitle language.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startDemoServer } from '../../src/demo/index.js';
import { demoJson } from '../helpers/demoServer.js';
import { eventually } from '../helpers/extensionFixtures.js';
import { mpvProperty } from '../helpers/mpvProperty.js';
import { hasMpv } from '../helpers/playCli.js';
import { makeTempFolder } from '../helpers/tempFolder.js';
import { detailsColumn, waitForFile } from '../helpers/tuiPane.js';
import { hasTmux, TmuxSession } from '../helpers/tmuxSession.js';
import { requireMissingProgram } from '../helpers/requiredProgram.js';

const repository = fileURLToPath(new URL('../..', import.meta.url));

/** The IPC socket of each mpv the plugin started, in order (from plugins.log). */
function mpvSockets(home: string): string[] {
  const path = join(home, 'log', 'plugins.log');
  const log = existsSync(path) ? readFileSync(path, 'utf8') : '';
  return [...log.matchAll(/mpv started \(pid \d+[^\n]*socket (\S+)\)/g)].map((match) => match[1] ?? '');
}

if (!hasTmux()) {
  requireMissingProgram('tmux', 'tui/e2eTracks');
} else if (!hasMpv()) {
  requireMissingProgram('mpv', 'tui/e2eTracks');
} else {
  test('a and c switch the audio and subtitles of the playing episode in mpv, the server hears it, the next episode keeps the subtitle language', async () => {
    const folder = await makeTempFolder('plexterm-tui-tracks-');
    const server = await startDemoServer({ inspect: true });
    const home = join(folder.path, 'home');
    await mkdir(join(home, 'config'), { recursive: true });
    // mpv loops each episode: an episode ends only when the test moves on.
    await writeFile(join(home, 'config', 'config.json'), JSON.stringify({ player: 'mpv', plugins: { mpv: { extraArgs: ['--no-config', '--vo=null', '--ao=null', '--loop-file=inf'] } } }));
    const exitFile = join(folder.path, 'exit');
    const stderrFile = join(folder.path, 'stderr');
    const command = `${process.execPath} --import tsx src/main/entry.ts --home ${home} --server ${server.url} --token ${server.token} 2>${stderrFile}; echo EXIT=$? > ${exitFile}; sleep 60`;
    const tmux = TmuxSession.start({ command, width: 180, height: 36, cwd: repository, environment: { TERM: 'tmux-256color' } });
    try {
      await tmux.waitFor(/Continue Watching/, 60_000);
      tmux.keys('/');
      await tmux.waitFor('Search: ▏');
      tmux.type('harbour');
      await tmux.waitFor(/Search: harbour▏? \(\d+\)[\s\S]*Harbour Lights/);
      tmux.keys('Enter');
      await tmux.waitFor(/Search: harbour \(\d+\)/);
      tmux.keys('Enter');
      await tmux.waitFor((pane) => /Harbour Lights/.test(pane) && /^Season 1/m.test(detailsColumn(pane, '\n')));
      tmux.keys('l', 'Enter');
      await tmux.waitFor((pane) => /1\/4 S1E1 Fog Bank · playing \d+:\d+/.test(detailsColumn(pane, '\n')), 60_000);
      const first = mpvSockets(home).at(-1)!;
      assert.is(await mpvProperty(first, 'current-tracks/audio/lang'), 'deu', 'the server\'s selected (default) audio');
      assert.is(await mpvProperty(first, 'sid'), false, 'no subtitle selected on the server: none shown');

      tmux.keys('a');
      await tmux.waitFor(/audio: English \(AAC Stereo\)/);
      await eventually(async () => (await mpvProperty(first, 'current-tracks/audio/lang')) === 'eng', 'mpv plays the English audio');
      tmux.keys('c');
      await tmux.waitFor(/subtitles: English \(SRT\)/);
      await eventually(async () => (await mpvProperty(first, 'current-tracks/sub/lang')) === 'eng', 'mpv shows the file\'s English subtitle');
      tmux.keys('c');
      await tmux.waitFor(/subtitles: French \(SRT External\)/);
      await eventually(async () => String(await mpvProperty(first, 'current-tracks/sub/external-filename')).startsWith(tmpdir()), 'mpv shows the sidecar, fetched into a local file');

      // The next episode starts with the French sidecar, carried by language.
      tmux.keys('>');
      await tmux.waitFor((pane) => /2\/4 S1E2 Low Tide · playing \d+:\d+/.test(detailsColumn(pane, '\n')), 60_000);
      const second = mpvSockets(home).at(-1)!;
      await eventually(async () => String(await mpvProperty(second, 'current-tracks/sub/external-filename')).startsWith(tmpdir()), 'the next episode\'s mpv shows its French sidecar');
      assert.is(await mpvProperty(second, 'current-tracks/audio/lang'), 'eng', 'and plays its English audio');
      assert.not.ok(readFileSync(join(home, 'log', 'plugins.log'), 'utf8').includes(server.token), 'no token in the plugin log');

      // The server heard each choice: both audio and subtitle for the first part, both carried for the second.
      const state = (await demoJson(server, '/__demo/state')) as { requests: { method: string; path: string }[] };
      const puts = state.requests.filter((request) => request.method === 'PUT' && request.path.startsWith('/library/parts/')).map((request) => request.path);
      assert.is(puts.length, 4, puts.join('\n'));
      const [audio, english, french, carried] = puts.map((path) => new URL(path, 'http://demo'));
      assert.ok(audio?.searchParams.has('audioStreamID') && english?.searchParams.has('subtitleStreamID') && french?.searchParams.has('subtitleStreamID'), puts.join('\n'));
      assert.is(audio?.pathname, french?.pathname, 'the first three for the first part');
      assert.not.equal(carried?.pathname, audio?.pathname, 'the fourth for the next part');
      assert.equal([carried?.searchParams.has('audioStreamID'), carried?.searchParams.has('subtitleStreamID')], [true, true], 'the next part was told both carried choices');
      tmux.keys('q');
      assert.is((await waitForFile(exitFile, 15_000)).trim(), 'EXIT=0');
      assert.is(readFileSync(stderrFile, 'utf8'), '');
    } finally {
      tmux.kill();
      await server.close();
      await folder.remove();
    }
  });
}

test.run();
