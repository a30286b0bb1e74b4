// What `plexterm play` prints of a playback: one JSON line per event, or a line a person reads per state change and progress every few seconds.
import { terminalLine } from '../../base/terminalText.js';
import type { PlaybackEvent } from '../../playback/playbackEvents.js';
import { formatDuration, jsonText, type Output } from '../output.js';

/** Progress lines while playing, at most this often. */
const progressIntervalMs = 5000;

export interface PlayPrinter {
  show(event: PlaybackEvent): void;
  /** After Ctrl-C or SIGTERM, once the player was stopped. */
  stopped(signal: NodeJS.Signals): void;
}

export function playPrinter(output: Output, json: boolean, now: () => number = Date.now): PlayPrinter {
  if (json) {
    return {
      show: (event) => output.out(jsonText(event)),
      stopped: (signal) => output.out(JSON.stringify({ type: 'stopped', signal })),
    };
  }
  let lastProgress = Number.NEGATIVE_INFINITY;
  const at = (position: number, duration: number) => (duration > 0 ? `${formatDuration(position)} / ${formatDuration(duration)}` : formatDuration(position));
  return {
    show(event) {
      const line = humanLine(event, at);
      if (event.type === 'position') {
        if (now() - lastProgress < progressIntervalMs) return;
      }
      if (event.type === 'playing' || event.type === 'position') lastProgress = now();
      if (line === null) return;
      if (event.type === 'warning') output.err(`plexterm: ${terminalLine(line)}`);
      else output.out(line);
    },
    stopped: (signal) => output.out(`stopped (${signal})`),
  };
}

/** Null for events shown otherwise: a failure or termination is the command's error message. */
function humanLine(event: PlaybackEvent, at: (position: number, duration: number) => string): string | null {
  switch (event.type) {
    case 'resolved': {
      const { item } = event;
      const from = item.startAt > 0 ? `resuming at ${formatDuration(item.startAt)}` : 'from the start';
      return `${terminalLine(item.title)} (${item.mediaType}${item.duration > 0 ? `, ${formatDuration(item.duration)}` : ''}) with ${item.playerId}, ${from}`;
    }
    case 'cache':
      return `cache: ${event.state}`;
    case 'launched':
      return `launched at ${formatDuration(event.startAt)}`;
    case 'playing':
      return `playing ${at(event.position, event.duration)}`;
    case 'paused':
      return `paused ${at(event.position, event.duration)}`;
    case 'position':
      return `  ${at(event.position, event.duration)}`;
    case 'scrobbled':
      return `marked as watched at ${formatDuration(event.position)}`;
    case 'warning':
      return event.message;
    case 'ended':
      return event.headless ? 'launched; this player does not report progress, so plexterm is done' : `ended ${at(event.position, event.duration)}`;
    case 'terminated':
    case 'failed':
      return null;
  }
}
