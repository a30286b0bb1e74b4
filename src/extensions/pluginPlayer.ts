// Plugin players as playback sees them: the Player interface, with the session's events bridged over IPC.
import { defer, from, switchMap, type Observable } from 'rxjs';
import type { Player, PlayerEvent, PlayerLaunchOptions, PlayerPrepareOptions, PlayerSession, PreparedPlayer } from '../playback/player.js';
import type { Channel } from './channel.js';
import type { PlayerContribution } from './manifest.js';
import type { LaunchedSession, PreparedId } from './protocol.js';

/** A contributed or run-time player; `launch` and `prepare` activate its plugin first (onPlayer:id, or onPlayer:* for a run-time one). */
export function adaptPluginPlayer(
  contribution: PlayerContribution,
  launch: (url: string, options: PlayerLaunchOptions) => Promise<PlayerSession>,
  prepare: (options: PlayerPrepareOptions) => Promise<PreparedPlayer | null>,
): Player {
  return Object.freeze({
    id: contribution.id,
    title: contribution.title,
    mediaTypes: Object.freeze([...contribution.mediaTypes]),
    launch,
    prepare,
  });
}

/** The main side of a player prepared in the host (`preparedId`); `request` goes to the host on the owner's behalf. */
export function bridgePrepared(preparedId: string, request: (method: string, params: unknown[]) => Promise<unknown>, channel: () => Promise<Channel>): PreparedPlayer {
  return {
    launch: async (url, options) => bridgeSession(await channel(), (await request('launchPrepared', [preparedId, url, options])) as LaunchedSession),
    dispose: async () => {
      await request('disposePrepared', [preparedId]);
    },
    // Subscribed in the host only when subscribed here (a queue's kept player is; see PlayerHandoff).
    events$: defer(() => from(channel())).pipe(switchMap((open) => open.observe('preparedEvents', [preparedId]) as Observable<PlayerEvent>)),
  };
}

/**
 * The main side of a session living in the host. Its events$ subscribes in the host only when
 * subscribed here; stop() always releases the host's record of the session, even for a player
 * without a stop of its own.
 */
export function bridgeSession(channel: Channel, launched: LaunchedSession): PlayerSession {
  const session: PlayerSession = {
    stop: async () => {
      await channel.request('stopSession', [launched.sessionId]);
    },
  };
  if (launched.hasSeek) {
    session.seek = async (position) => {
      await channel.request('seekSession', [launched.sessionId, position]);
    };
  }
  if (launched.hasShowText) {
    session.showText = async (text, durationMs) => {
      await channel.request('showTextSession', [launched.sessionId, text, durationMs]);
    };
  }
  if (launched.hasKeepForNext) {
    session.keepForNext = async () => {
      const preparedId = (await channel.request('keepSessionForNext', [launched.sessionId])) as PreparedId;
      return preparedId === null ? null : bridgePrepared(preparedId, (method, params) => channel.request(method, params), async () => channel);
    };
  }
  if (launched.hasSetTracks) {
    session.setTracks = async (tracks) => {
      await channel.request('setTracksSession', [launched.sessionId, tracks]);
    };
  }
  if (launched.hasAppendNext) {
    session.appendNext = async (url, options) => (await channel.request('appendNextSession', [launched.sessionId, url, options])) === true;
  }
  if (launched.hasEvents) session.events$ = channel.observe('sessionEvents', [launched.sessionId]) as Observable<PlayerEvent>;
  return session;
}
