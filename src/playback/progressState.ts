// What a player's events mean for Plex: the known position and state, and which reports and scrobbles they call for.
import type { PlayerEvent } from './player.js';

/** `unknown` until the player says it plays (or reports a position): nothing is reported before then. */
export type ProgressState = 'unknown' | 'playing' | 'paused' | 'stopped';

export interface Progress {
  state: ProgressState;
  /** Milliseconds: the last position the player reported (the start position before that). */
  position: number;
  /** Milliseconds; 0 while unknown. */
  duration: number;
  scrobbled: boolean;
}

export type ProgressAction = { type: 'report'; state: 'playing' | 'paused' | 'stopped' } | { type: 'scrobble' };

export interface ProgressStep {
  progress: Progress;
  actions: ProgressAction[];
}

export function initialProgress(startAt: number, duration: number): Progress {
  return { state: 'unknown', position: startAt, duration, scrobbled: false };
}

/** Whether the position has passed `threshold` of a known duration. */
function pastThreshold(progress: Progress, threshold: number): boolean {
  return progress.duration > 0 && progress.position >= progress.duration * threshold;
}

/**
 * Applies one player event. A state change is reported once; a first `position` without `playing`
 * means the player plays. `ended` and `error` report `stopped`; the scrobble check runs on every
 * position and at the end, and asks for at most one scrobble per playback.
 */
export function applyPlayerEvent(progress: Progress, event: PlayerEvent, threshold: number): ProgressStep {
  const next: Progress = {
    ...progress,
    position: event.position ?? progress.position,
    duration: event.duration && event.duration > 0 ? event.duration : progress.duration,
  };
  const actions: ProgressAction[] = [];
  const enter = (state: 'playing' | 'paused' | 'stopped') => {
    if (next.state === state) return;
    next.state = state;
    actions.push({ type: 'report', state });
  };
  switch (event.type) {
    case 'playing':
      enter('playing');
      break;
    case 'paused':
      enter('paused');
      break;
    case 'position':
      if (next.state === 'unknown') enter('playing');
      break;
    case 'ended':
    case 'error':
      enter('stopped');
      break;
  }
  const checksScrobble = event.type === 'position' || event.type === 'ended' || event.position !== undefined;
  if (checksScrobble && !next.scrobbled && pastThreshold(next, threshold)) {
    next.scrobbled = true;
    actions.push({ type: 'scrobble' });
  }
  return { progress: next, actions };
}
