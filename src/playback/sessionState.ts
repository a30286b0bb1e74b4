// The state of the current playback as the TUI and plugins see it (`playback.session$`), folded from playback events.
import type { CacheState } from '../cache/index.js';
import type { PlaybackEvent } from './playbackEvents.js';
import type { MediaKind } from './player.js';

export type PlaybackPhase = 'resolving' | 'caching' | 'launching' | 'playing' | 'paused' | 'ended' | 'terminated' | 'failed';

/** Plain data, so it can cross to the extension host as it is. */
export interface PlaybackSessionState {
  ratingKey: string;
  title: string;
  mediaType: MediaKind | null;
  playerId: string | null;
  phase: PlaybackPhase;
  cacheState: CacheState | null;
  /** Milliseconds. */
  position: number;
  /** Milliseconds; 0 while unknown. */
  duration: number;
  scrobbled: boolean;
  /** Why it failed or was terminated, or the last warning. */
  message: string | null;
}

export function resolvingState(ratingKey: string): PlaybackSessionState {
  return { ratingKey, title: ratingKey, mediaType: null, playerId: null, phase: 'resolving', cacheState: null, position: 0, duration: 0, scrobbled: false, message: null };
}

export function nextSessionState(state: PlaybackSessionState, event: PlaybackEvent): PlaybackSessionState {
  switch (event.type) {
    case 'resolved': {
      const { item } = event;
      return { ...state, title: item.title, mediaType: item.mediaType, playerId: item.playerId, phase: 'caching', position: item.startAt, duration: item.duration };
    }
    case 'cache':
      return { ...state, cacheState: event.state, phase: event.state === 'ready' ? 'launching' : state.phase };
    case 'launched':
      return { ...state, position: event.startAt };
    case 'playing':
    case 'paused':
      return { ...state, phase: event.type, position: event.position, duration: event.duration };
    case 'position':
      return { ...state, phase: state.phase === 'paused' ? 'paused' : 'playing', position: event.position, duration: event.duration };
    case 'scrobbled':
      return { ...state, scrobbled: true };
    case 'markerEntered':
    case 'markerSkipped':
      return state;
    case 'warning':
      return { ...state, message: event.message };
    case 'ended':
      return { ...state, phase: 'ended', position: event.position, duration: event.duration };
    case 'terminated':
    case 'failed':
      return { ...state, phase: event.type, message: event.message };
  }
}
