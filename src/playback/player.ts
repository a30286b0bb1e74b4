// The player interface: what playback hands a stream URL to. Plugin players are adapted to it by the extension host.
import type { Observable } from 'rxjs';

export type MediaKind = 'video' | 'audio' | 'photo';

export interface PlayerEvent {
  type: 'playing' | 'paused' | 'position' | 'ended' | 'error';
  /** Milliseconds from the start of the file. */
  position?: number;
  /** Milliseconds. */
  duration?: number;
  /** For `error`: one line a person can act on. */
  message?: string;
}

export interface PlayerLaunchOptions {
  /** Milliseconds to start at (resume position, or 0). */
  startAt: number;
  title: string;
  ratingKey: string;
  mediaType: MediaKind;
  /** Extra arguments for the player, e.g. from `--player-arg`. */
  args: string[];
}

/** A running playback. Without `events$` the player cannot report progress: playback ends once it is launched. */
export interface PlayerSession {
  events$?: Observable<PlayerEvent>;
  stop?(): Promise<void>;
}

export interface Player {
  id: string;
  title: string;
  mediaTypes: readonly MediaKind[];
  launch(url: string, options: PlayerLaunchOptions): Promise<PlayerSession>;
}
