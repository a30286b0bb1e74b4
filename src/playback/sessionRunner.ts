// One running player session: its events become playback events, `/:/timeline` reports and at most one scrobble.
import { EMPTY, Observable, Subject, Subscription, catchError, concatMap, ignoreElements, interval, of, tap } from 'rxjs';
import { describeError } from '../base/errors.js';
import type { TimelineReport } from '../plex/client.js';
import type { TimelineResponse } from '../plex/models.js';
import type { PlaybackDependencies, PlaybackEvent, PlaybackItem, PlaybackTimings, TerminalPlaybackEvent } from './playbackEvents.js';
import { enterMarkers, initialMarkerWatch, type PlaybackMarker } from './playbackMarkers.js';
import type { PlayerEvent, PlayerSession } from './player.js';
import { applyPlayerEvent, initialProgress, type Progress } from './progressState.js';

export type SessionDependencies = Pick<PlaybackDependencies<unknown>, 'report' | 'scrobble' | 'keep'>;

/** A report or scrobble, with what it says fixed when it was asked for (they are sent one at a time, in order). */
type Outgoing = { type: 'report'; report: TimelineReport } | { type: 'scrobble'; position: number };

const defaultTerminationText = 'the server ended this playback session';

/** What the player's screen says when an intro starts and the person is asked (the TUI's key skips it). */
export const skipIntroText = 'Skip intro';

/**
 * Follows `session` until the player ends, fails, or the server terminates the session, then emits
 * one terminal event once every report has been answered, and completes.
 *
 * A session without `events$` (headless) ends as soon as it is launched, and nothing is reported:
 * whether it plays, and where, is not known, and a report would only guess.
 *
 * Each marker the position enters is a `markerEntered` event, once; an intro is then skipped (the player
 * seeked to its end, `markerSkipped`) with `skipIntro: "auto"`, or offered on the player's screen with
 * "ask", when the player can; one that cannot only has the events.
 *
 * Unsubscribing before the end stops the player and, if the server was told the item plays,
 * reports it `stopped` at the last known position (that report outlives the subscription). A player
 * that a queue keeps for its next item (`dependencies.keep`) is kept instead of stopped, there and when
 * the item ends by itself; one the person quit is gone and ends the queue (`ended` with `quit`).
 */
export function runSession(session: PlayerSession, item: PlaybackItem, dependencies: SessionDependencies, timings: PlaybackTimings): Observable<PlaybackEvent> {
  const playerEvents$ = session.events$;
  if (!playerEvents$) return of({ type: 'ended', position: item.startAt, duration: item.duration, headless: true });
  return new Observable<PlaybackEvent>((subscriber) => {
    let progress: Progress = initialProgress(item.startAt, item.duration);
    let playerDone = false;
    let closing = false;
    let terminal: TerminalPlaybackEvent | undefined;
    let ticker: Subscription | undefined;
    let markerWatch = initialMarkerWatch;
    const outgoing = new Subject<Outgoing>();
    const listening = new Subscription();

    const reportOf = (state: TimelineReport['state']): TimelineReport => ({
      ratingKey: item.ratingKey,
      key: item.key,
      state,
      time: progress.position,
      duration: progress.duration,
      ...(item.queue ? { playQueueItemID: item.queue.playQueueItemID, containerKey: `/playQueues/${item.queue.playQueueID}` } : {}),
    });
    const warn = (what: string) => (error: unknown) => {
      subscriber.next({ type: 'warning', message: `${what}: ${describeError(error)}` });
      return EMPTY;
    };
    const stopPlayer = (): void => {
      if (playerDone) return;
      playerDone = true;
      if (dependencies.keep?.(session, item)) return;
      session.stop?.().catch((error: unknown) => {
        if (!subscriber.closed) warn('stopping the player failed')(error);
      });
    };
    const close = (event: TerminalPlaybackEvent): void => {
      if (closing) return;
      closing = true;
      terminal = event;
      ticker?.unsubscribe();
      listening.unsubscribe();
      outgoing.complete();
    };
    const checkTermination = (response: TimelineResponse): void => {
      if (closing || (response.terminationCode === undefined && response.terminationText === undefined)) return;
      // Stop listening before stopping the player: the end it then reports is the termination's, not its own.
      outgoing.next({ type: 'report', report: reportOf('stopped') });
      progress = { ...progress, state: 'stopped' };
      close({ type: 'terminated', code: response.terminationCode ?? null, message: response.terminationText ?? defaultTerminationText });
      stopPlayer();
    };
    const send = (message: Outgoing): Observable<never> => {
      if (message.type === 'scrobble') {
        return dependencies.scrobble(item.ratingKey).pipe(
          ignoreElements(),
          tap({ complete: () => subscriber.next({ type: 'scrobbled', position: message.position }) }),
          catchError(warn('marking it watched failed')),
        );
      }
      return dependencies.report(message.report).pipe(tap(checkTermination), ignoreElements(), catchError(warn(`reporting ${message.report.state} failed`)));
    };
    const actOnIntro = (marker: PlaybackMarker, position: number): void => {
      const failed = (what: string) => (error: unknown) => {
        if (!closing) warn(what)(error);
      };
      if (item.skipIntro === 'auto' && session.seek) {
        session.seek(marker.end).then(() => {
          if (!closing) subscriber.next({ type: 'markerSkipped', marker });
        }, failed('skipping the intro failed'));
      } else if (item.skipIntro === 'ask' && session.showText) {
        session.showText(skipIntroText, marker.end - position).catch(failed('showing "Skip intro" failed'));
      }
    };
    const watchMarkers = (position: number): void => {
      const step = enterMarkers(markerWatch, item.markers, position);
      markerWatch = step.watch;
      for (const marker of step.entered) {
        subscriber.next({ type: 'markerEntered', marker });
        if (marker.type === 'intro') actOnIntro(marker, position);
      }
    };
    // Paused too, as Plex clients do: the server ends a session that goes quiet (60 s), and a paused one still plays.
    const setTicker = (state: TimelineReport['state']): void => {
      ticker?.unsubscribe();
      ticker = state === 'stopped' ? undefined : interval(timings.reportIntervalMs).subscribe(() => outgoing.next({ type: 'report', report: reportOf(state) }));
    };
    const handle = (event: PlayerEvent): void => {
      if (closing) return;
      const step = applyPlayerEvent(progress, event, timings.scrobbleThreshold);
      progress = step.progress;
      const { position, duration } = progress;
      if (event.type === 'playing' || event.type === 'paused' || event.type === 'position') {
        subscriber.next({ type: event.type, position, duration });
        watchMarkers(position);
      }
      for (const action of step.actions) {
        if (action.type === 'scrobble') {
          outgoing.next({ type: 'scrobble', position });
        } else {
          outgoing.next({ type: 'report', report: reportOf(action.state) });
          setTicker(action.state);
        }
      }
      if (event.type === 'ended' || event.type === 'error') {
        playerDone = true;
        const quit = event.type === 'ended' && event.quit === true;
        // Its process, open for the queue's next item (or idle after a file that failed), goes to the queue,
        // before the terminal event lets the next item start.
        if (!quit) dependencies.keep?.(session, item);
        close(
          event.type === 'ended'
            ? { type: 'ended', position, duration, headless: false, ...(quit ? { quit: true as const } : {}) }
            : { type: 'failed', code: 'player', message: event.message ?? 'the player failed' },
        );
      }
    };

    const sending = outgoing.pipe(concatMap(send)).subscribe({
      next: () => {},
      complete: () => {
        if (terminal) subscriber.next(terminal);
        subscriber.complete();
      },
    });
    listening.add(
      playerEvents$.subscribe({
        next: handle,
        error: (error: unknown) => handle({ type: 'error', message: `the player failed: ${describeError(error)}` }),
        complete: () => handle({ type: 'ended' }),
      }),
    );

    return () => {
      ticker?.unsubscribe();
      listening.unsubscribe();
      sending.unsubscribe();
      if (closing) return;
      closing = true;
      stopPlayer();
      if (progress.state === 'playing' || progress.state === 'paused') {
        dependencies.report(reportOf('stopped')).subscribe({ error: () => {} });
      }
    };
  });
}
