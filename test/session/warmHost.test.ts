// One session keeps one plugin host for every play (issue 15): a second play reuses the host the first started, and
// its player's plugin is already active. Real plays with the real mpv (no video or audio output, one frame).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Session } from '../../src/session/session.js';
import type { Output } from '../../src/session/output.js';
import { cleanEnvironment } from '../helpers/cli.js';
import { childrenRunning } from '../helpers/pluginHarness.js';
import { hasMpv } from '../helpers/playCli.js';
import { requireMissingProgram } from '../helpers/requiredProgram.js';
import { makeTempFolder } from '../helpers/tempFolder.js';

const quiet: Output = { out: () => undefined, err: () => undefined };
const mpvQuiet = ['--vo=null', '--ao=null', '--frames=1'];

const twoPlays = 'two plays in one session use one plugin host: the second starts none';

if (!hasMpv()) requireMissingProgram('mpv', twoPlays);
else test(twoPlays, async () => {
  const home = await makeTempFolder('plexterm-warm-host-');
  const session = new Session({ home: home.path, demo: true }, quiet, cleanEnvironment(home.path));
  try {
    await session.start();
    const playback = await session.playback();
    const hosts: number[][] = [];
    for (const ratingKey of ['101', '105']) {
      await session.preparePlayer('mpv');
      const done = await playback.play({ ratingKey, playerId: 'mpv', fromStart: true, args: mpvQuiet }).done;
      assert.is(done?.type, 'ended', `play ${ratingKey}: ${JSON.stringify(done)}`);
      hosts.push(childrenRunning(process.pid, 'hostMain'));
    }
    assert.is(hosts[0]?.length, 1, `one host after the first play: ${JSON.stringify(hosts)}`);
    assert.equal(hosts[1], hosts[0], 'the second play ran in the same host process');
    assert.equal((await session.extensions()).plugins().find((plugin) => plugin.id === 'mpv')?.state, 'active', 'the mpv plugin stayed active');
  } finally {
    await session.dispose();
    await home.remove();
  }
});

test.run();
