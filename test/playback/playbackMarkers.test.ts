// Markers during a play: which one a position enters (marbles), and what a running session does then (skip, ask, only say).
import { Subject } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { PlaybackEvent } from '../../src/playback/playbackEvents.js';
import { markersEntered, type PlaybackMarker, type SkipIntro } from '../../src/playback/playbackMarkers.js';
import type { PlayerEvent, PlayerSession } from '../../src/playback/player.js';
import { runSession, skipIntroText } from '../../src/playback/sessionRunner.js';
import { fakeDependencies, marbleScheduler, playbackItem, timings } from '../helpers/playbackMarbles.js';

const intro: PlaybackMarker = { type: 'intro', start: 2000, end: 10_000 };
const credits: PlaybackMarker = { type: 'credits', start: 34_000, end: 40_000 };
const markers = [intro, credits];

/** Positions in seconds as marble values. */
const seconds = (values: Record<string, number>) => Object.fromEntries(Object.entries(values).map(([key, value]) => [key, value * 1000]));

test('entering: the first position inside a marker enters it, once; the positions inside it after that enter nothing', () => {
  const scheduler = marbleScheduler();
  scheduler.run(({ cold, expectObservable }) => {
    const positions = cold('abcdefg|', seconds({ a: 0, b: 1, c: 2, d: 5, e: 11, f: 35, g: 39 }));
    expectObservable(positions.pipe(markersEntered(markers))).toBe('--i--c-|', { i: intro, c: credits });
  });
});

test('seeking past a marker never enters it; seeking back into a marker entered before does not enter it again', () => {
  const scheduler = marbleScheduler();
  scheduler.run(({ cold, expectObservable }) => {
    const past = cold('abc|', seconds({ a: 1, b: 12, c: 20 }));
    expectObservable(past.pipe(markersEntered(markers))).toBe('---|');
    const back = cold('abcd|', seconds({ a: 3, b: 12, c: 4, d: 36 }));
    expectObservable(back.pipe(markersEntered(markers))).toBe('i--c|', { i: intro, c: credits });
  });
});

test('a marker at 0 is entered by the first position; a marker\'s end is outside it; a play that starts inside a marker enters it', () => {
  const scheduler = marbleScheduler();
  const atZero: PlaybackMarker = { type: 'intro', start: 0, end: 5000 };
  scheduler.run(({ cold, expectObservable }) => {
    expectObservable(cold('ab|', seconds({ a: 0, b: 1 })).pipe(markersEntered([atZero]))).toBe('i-|', { i: atZero });
    expectObservable(cold('a|', seconds({ a: 5 })).pipe(markersEntered([atZero]))).toBe('-|');
    expectObservable(cold('a|', seconds({ a: 36 })).pipe(markersEntered(markers))).toBe('c|', { c: credits });
  });
});

interface Played {
  events: PlaybackEvent[];
  seeks: number[];
  texts: { text: string; durationMs: number }[];
}

/** Runs a session whose player reports `positions` (ms) then ends; `can` says whether the player seeks and shows text. */
async function play(skipIntro: SkipIntro, positions: number[], can: { seek: boolean; showText: boolean }): Promise<Played> {
  const played: Played = { events: [], seeks: [], texts: [] };
  const player = new Subject<PlayerEvent>();
  const session: PlayerSession = { events$: player, stop: () => Promise.resolve() };
  if (can.seek) {
    session.seek = async (position) => {
      played.seeks.push(position);
      // As mpv does: the next position it reports is where it was seeked to.
      queueMicrotask(() => player.next({ type: 'position', position }));
    };
  }
  if (can.showText) {
    session.showText = async (text, durationMs) => {
      played.texts.push({ text, durationMs });
    };
  }
  const { dependencies } = fakeDependencies({ scheduler: marbleScheduler(), open: {} });
  const item = playbackItem('5', { duration: 40_000, markers, skipIntro });
  const done = new Promise<void>((resolve) => runSession(session, item, dependencies, { ...timings, reportIntervalMs: 60_000 }).subscribe({ next: (event) => played.events.push(event), complete: resolve }));
  for (const position of positions) {
    player.next({ type: 'position', position, duration: 40_000 });
    await new Promise((resolve) => setImmediate(resolve));
  }
  player.next({ type: 'ended' });
  await done;
  return played;
}

const markerEvents = (played: Played) => played.events.filter((event) => event.type === 'markerEntered' || event.type === 'markerSkipped');

test('skipIntro "auto": entering the intro seeks the player to its end, then markerSkipped; credits are only entered', async () => {
  const played = await play('auto', [0, 3000, 35_000], { seek: true, showText: true });
  assert.equal(played.seeks, [10_000]);
  assert.equal(markerEvents(played), [
    { type: 'markerEntered', marker: intro },
    { type: 'markerSkipped', marker: intro },
    { type: 'markerEntered', marker: credits },
  ]);
  assert.ok(played.events.some((event) => event.type === 'position' && event.position === 10_000), 'the player reported the position it was seeked to');
  assert.equal(played.texts, []);
});

test('skipIntro "ask": the player\'s screen says "Skip intro" for the rest of the intro, nothing is seeked; "never": only the events', async () => {
  const asked = await play('ask', [0, 3000], { seek: true, showText: true });
  assert.equal(asked.texts, [{ text: skipIntroText, durationMs: 7000 }]);
  assert.equal(asked.seeks, []);
  assert.equal(markerEvents(asked), [{ type: 'markerEntered', marker: intro }]);
  const never = await play('never', [0, 3000], { seek: true, showText: true });
  assert.equal([never.seeks, never.texts], [[], []]);
  assert.equal(markerEvents(never), [{ type: 'markerEntered', marker: intro }]);
});

test('a player that cannot seek (vlc, a custom command) gets the events only, even with "auto"', async () => {
  const played = await play('auto', [0, 3000, 35_000], { seek: false, showText: false });
  assert.equal(markerEvents(played), [
    { type: 'markerEntered', marker: intro },
    { type: 'markerEntered', marker: credits },
  ]);
  assert.equal(played.events.at(-1)?.type, 'ended');
});

test.run();
