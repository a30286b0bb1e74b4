// Playback: starting an item in a player, and what plays now.
import type { Observable } from 'rxjs';

export interface PlayOptions {
  playerId?: string;
  fromStart?: boolean;
  args?: string[];
}

/** What is playing now, as plain data. */
export interface PlaybackState {
  ratingKey: string;
  title: string;
  playerId: string;
  state: 'starting' | 'playing' | 'paused' | 'ended' | 'error';
  /** Milliseconds. */
  position?: number;
  duration?: number;
  message?: string;
}

export interface PlaybackApi {
  play(ratingKey: string, options?: PlayOptions): Promise<void>;
  /** The current playback, or null when nothing plays. */
  readonly session$: Observable<PlaybackState | null>;
}
