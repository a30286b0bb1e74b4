// A play queue with the vlc plugin, which cannot be handed a queue's next item: it falls back to one VLC process per item (a stand-in
// cvlc on a PATH of its own: VLC refuses to run as root, and CI runs as root).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startDemoServer } from '../../src/demo/index.js';
import { cleanEnvironment } from '../helpers/cli.js';
import { runMain } from '../helpers/cliInProcess.js';
import { playEvents } from '../helpers/playCli.js';
import { standInFolder } from '../helpers/pluginStandIns.js';
import { makeTempFolder } from '../helpers/tempFolder.js';

test('vlc plays a 2-item queue with one process per item, each after the one before it ended', async () => {
  const server = await startDemoServer({});
  const home = await makeTempFolder('plexterm-cli-play-vlc-queue-');
  const standIns = await standInFolder();
  try {
    // Exits 0 at once: VLC at the end of its file (--play-and-exit).
    const cvlc = await standIns.write('cvlc');
    const result = await standIns.onlyOnPath(() =>
      runMain(['--server', server.url, '--token', server.token, 'play', '128', '--player', 'vlc', '--from-start', '--json'], { env: cleanEnvironment(home.path) }),
    );
    assert.is(result.code, 0, result.stderr);
    const events = playEvents(result.stdout);
    const order = events.flatMap((event) => (event.type === 'launched' || event.type === 'ended' ? [`${event.type} ${String((event as { ratingKey?: string }).ratingKey)}`] : []));
    assert.equal(order, ['launched 128', 'ended 128', 'launched 130', 'ended 130']);
    const end = events.at(-1);
    assert.equal(end?.type === 'queueEnded' ? [end.reason, end.played] : end, ['finished', 2]);
    const log = await readFile(join(home.path, 'log', 'plugins.log'), 'utf8');
    const pids = [...log.matchAll(/vlc started \(pid (\d+)\)/g)].map((match) => match[1]);
    assert.is(pids.length, 2, log);
    assert.is(new Set(pids).size, 2, 'a process of its own for each item');
    assert.ok((await cvlc.recordedArgs()).at(-1)?.startsWith('http://127.0.0.1:'), 'the last one was given its stream');
  } finally {
    await standIns.remove();
    await home.remove();
    await server.close();
  }
});

test.run();
