// Skip intro with the REAL mpv: with skipIntro "auto" in config.json, mpv is seeked over its IPC socket past the intro's end.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startDemoServer } from '../../src/demo/index.js';
import { cleanEnvironment, runCli } from '../helpers/cli.js';
import { demoJson } from '../helpers/demoServer.js';
import { hasMpv, playEvents } from '../helpers/playCli.js';
import { requireMissingProgram } from '../helpers/requiredProgram.js';
import { makeTempFolder } from '../helpers/tempFolder.js';

/** Orbital Kitchen S1E1: a 40 s clip, its intro from 2 s to 10 s. */
const episode = '119';

if (hasMpv()) {
  test('skipIntro "auto": mpv enters the intro, is seeked past its end (markerSkipped) and plays on from there', async () => {
    const server = await startDemoServer({});
    const home = await makeTempFolder('plexterm-cli-play-mpv-markers-');
    try {
      const answer = (await demoJson(server, `/library/metadata/${episode}?includeMarkers=1`)) as { MediaContainer: { Metadata: { Marker?: { type: string; endTimeOffset: number }[] }[] } };
      const introEnd = answer.MediaContainer.Metadata[0]?.Marker?.find((marker) => marker.type === 'intro')?.endTimeOffset ?? 0;
      assert.ok(introEnd > 3000, 'the demo episode has an intro');
      await mkdir(join(home.path, 'config'), { recursive: true });
      await writeFile(join(home.path, 'config', 'config.json'), JSON.stringify({ skipIntro: 'auto' }));
      // Just before the intro, and ended 2 s after it: only the skip brings mpv to its end before --end.
      const endSeconds = Math.ceil(introEnd / 1000) + 2;
      const args = ['--server', server.url, '--token', server.token, 'play', episode, '--no-continue', '--player', 'mpv', '--player-arg=--vo=null', '--player-arg=--ao=null', '--player-arg=--start=1.5', `--player-arg=--end=${endSeconds}`, '--json'];
      const result = await runCli(args, { env: cleanEnvironment(home.path), timeoutMs: 60_000 });
      assert.is(result.code, 0, result.stderr);
      const events = playEvents(result.stdout);
      const markers = events.flatMap((event) => (event.type === 'markerEntered' || event.type === 'markerSkipped' ? [`${event.type} ${event.marker.type}`] : []));
      assert.equal(markers, ['markerEntered intro', 'markerSkipped intro'], result.stdout);
      const skippedAt = events.findIndex((event) => event.type === 'markerSkipped');
      const after = events.slice(skippedAt).flatMap((event) => (event.type === 'position' || event.type === 'ended' ? [event.position] : []));
      assert.ok(after.length > 0, result.stdout);
      // mpv answers the seek once it is queued: one position of the frame before may still come, then it plays from the intro's end
      // (an absolute seek is precise, to a frame).
      assert.ok(after.filter((position) => position < introEnd - 100).length <= 1, `after the skip: ${after.join(' ')}`);
      assert.ok(after.some((position) => position >= introEnd - 100 && position < introEnd + 1500), `from the intro's end: ${after.join(' ')}`);
      const ended = events.find((event) => event.type === 'ended');
      assert.ok(ended?.type === 'ended' && ended.position > introEnd, `ended at ${ended?.type === 'ended' ? ended.position : '?'}`);
    } finally {
      await server.close();
      await home.remove();
    }
  });
} else {
  requireMissingProgram('mpv', 'playMpvMarkers');
}

test.run();
