// One long-lived session of a build (as the TUI keeps one, its plugin host warm): a warm-up play, then one play per item; prints each play's marks as JSON.
// Arguments: the build's folder (its dist/ is imported), the demo's URL and token, the ratingKeys to play (the first warms up).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Session as SessionType } from '../src/session/session.js';

const [root = '', url = '', token = '', ...ratingKeys] = process.argv.slice(2);
const { Session } = (await import(pathToFileURL(join(root, 'dist', 'session', 'session.js')).href)) as { Session: typeof SessionType };
const home = await mkdtemp(join(tmpdir(), 'plexterm-bench-warm-play-'));
const session = new Session({ server: url, token, home }, { out: () => {}, err: (text) => process.stderr.write(`${text}\n`) }, { PATH: process.env.PATH, HOME: process.env.HOME });
/** Milliseconds from play() to the `ready` state, the `launched` event and mpv's first `playing` report, per play after the first. */
const plays: Array<{ ratingKey: string; ready: number; launched: number; playing: number }> = [];
try {
  for (const [index, ratingKey] of ratingKeys.entries()) {
    await session.preparePlayer('mpv');
    const playback = await session.playback();
    const start = performance.now();
    const marks = new Map<string, number>();
    const handle = playback.play({ ratingKey, playerId: 'mpv', fromStart: true, args: ['--vo=null', '--ao=null', '--frames=1'] });
    handle.events$.subscribe((event) => {
      const name = event.type === 'cache' ? event.state : event.type;
      if (!marks.has(name)) marks.set(name, performance.now() - start);
    });
    const done = await handle.done;
    if (done?.type !== 'ended') throw new Error(`the play of ${ratingKey} did not end: ${JSON.stringify(done)}`);
    if (index > 0) plays.push({ ratingKey, ready: marks.get('ready') ?? Number.NaN, launched: marks.get('launched') ?? Number.NaN, playing: marks.get('playing') ?? Number.NaN });
  }
} finally {
  await session.dispose();
  await rm(home, { recursive: true, force: true });
}
process.stdout.write(`${JSON.stringify(plays)}\n`);
