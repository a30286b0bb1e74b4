// What `plexterm play` prints of a play queue: one JSON line per event, or a line a person reads per state change and progress every few seconds.
import { truncateToWidth } from '../../base/displayWidth.js';
import { terminalLine } from '../../base/terminalText.js';
import type { PlexMetadata } from '../../plex/models.js';
import type { PlaybackEvent } from '../../playback/playbackEvents.js';
import type { QueueEntry, QueueEvent } from '../../playback/queue/queueEvents.js';
import { formatDuration, jsonText, type Output } from '../output.js';

/** Progress lines while playing, at most this often. */
const progressIntervalMs = 5000;

export interface PlayPrinter {
  show(event: PlaybackEvent): void;
  /** After Ctrl-C or SIGTERM, once the player was stopped. */
  stopped(signal: NodeJS.Signals): void;
}

export interface QueuePrinter {
  show(event: QueueEvent): void;
  /** After Ctrl-C or SIGTERM, once the player was stopped: `stopped` for the entry that played, then the queue's end. */
  stopped(signal: NodeJS.Signals): void;
  /** Where the queue is, "2/3 \"Title\"", for a message about its end; null for a queue of one entry. */
  lastEntry(): string | null;
}

/** Each entry's events as `playPrinter` prints them, said with the entry they are about; skips and the queue's end. */
export function queuePrinter(output: Output, json: boolean, now: () => number = Date.now): QueuePrinter {
  const entries = playPrinter(output, json, now);
  let current: QueueEntry | undefined;
  let played = 0;
  let skipped = 0;
  const ids = (entry: QueueEntry) => ({ ratingKey: entry.item.ratingKey, playQueueItemID: entry.item.playQueueItemID });
  const fitted = (line: string) => {
    const columns = output.columns?.();
    return columns === undefined ? line : truncateToWidth(line, columns);
  };
  return {
    show(event) {
      switch (event.type) {
        case 'item': {
          current = event.entry;
          if (event.event.type === 'ended') played += 1;
          if (json) output.out(jsonText({ ...event.event, ...ids(event.entry) }));
          else if (event.event.type === 'resolved' && event.entry.total > 1) output.out(fitted(`${position(event.entry)} ${humanLine(event.event, progressText) ?? ''}`));
          else entries.show(event.event);
          return;
        }
        case 'upNext':
          // The next entry's ratingKey and title: what starts in `inSeconds`, when the one that plays ends.
          if (json) output.out(jsonText({ type: 'upNext', ratingKey: event.next.ratingKey, title: event.next.title, inSeconds: event.inSeconds }));
          else output.out(fitted(`up next: ${terminalLine(event.next.title)} in ${event.inSeconds} s`));
          return;
        case 'skipped':
          skipped += 1;
          if (json) output.out(jsonText({ type: 'skipped', ...ids(event.entry), message: event.message }));
          else output.err(`plexterm: ${position(event.entry)} ${terminalLine(event.message)}`);
          return;
        case 'waiting':
          // The server is away at an entry's start: the queue waits there (Ctrl-C ends it).
          if (json) output.out(jsonText({ type: 'waiting', ...ids(event.entry), message: event.message, retryInMs: event.retryInMs }));
          else output.err(`plexterm: ${position(event.entry)} ${terminalLine(event.message)}`);
          return;
        case 'failed':
          if (json) output.out(jsonText(event));
          return;
        case 'queueEnded':
          if (json) output.out(jsonText(event));
          else if (event.reason === 'headless' || event.reason === 'autoplayOff' || event.reason === 'playerQuit') output.err(`plexterm: ${event.message ?? 'the queue stopped after the first item'}`);
          else if (event.reason === 'finished' && (current?.total ?? 0) > 1) output.out(`queue ended: ${event.played} played${event.skipped > 0 ? `, ${event.skipped} skipped` : ''}`);
          return;
      }
    },
    stopped(signal) {
      if (!json) {
        entries.stopped(signal);
        return;
      }
      output.out(jsonText({ type: 'stopped', signal, ...(current ? ids(current) : {}) }));
      output.out(jsonText({ type: 'queueEnded', playQueueID: current?.playQueueID ?? null, played, skipped, reason: 'stopped' }));
    },
    lastEntry: () => (current && current.total > 1 ? `${current.index + 1}/${current.total} "${terminalLine(current.item.title)}"` : null),
  };
}

/** "2/3 S1E2" for an episode, "2/5" otherwise: which entry of how many. */
function position(entry: QueueEntry): string {
  return `${entry.index + 1}/${entry.total}${episodeNumber(entry.item)}`;
}

function episodeNumber(item: PlexMetadata): string {
  return item.type === 'episode' && item.parentIndex !== undefined && item.index !== undefined ? ` S${item.parentIndex}E${item.index}` : '';
}

function progressText(position: number, duration: number): string {
  return duration > 0 ? `${formatDuration(position)} / ${formatDuration(duration)}` : formatDuration(position);
}

export function playPrinter(output: Output, json: boolean, now: () => number = Date.now): PlayPrinter {
  if (json) {
    return {
      show: (event) => output.out(jsonText(event)),
      stopped: (signal) => output.out(JSON.stringify({ type: 'stopped', signal })),
    };
  }
  let lastProgress = Number.NEGATIVE_INFINITY;
  return {
    show(event) {
      const line = humanLine(event, progressText);
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
      const tracks = item.tracks?.described === undefined ? '' : `; ${terminalLine(item.tracks.described)}`;
      return `${terminalLine(item.title)} (${item.mediaType}${item.duration > 0 ? `, ${formatDuration(item.duration)}` : ''}) with ${item.playerId}, ${from}${tracks}`;
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
    case 'markerEntered':
      return `entered the ${event.marker.type} (${formatDuration(event.marker.start)}–${formatDuration(event.marker.end)})`;
    case 'markerSkipped':
      return `skipped the ${event.marker.type} to ${formatDuration(event.marker.end)}`;
    case 'warning':
      return event.message;
    case 'ended':
      return event.headless ? 'launched; this player does not report progress, so plexterm is done' : `ended ${at(event.position, event.duration)}`;
    case 'terminated':
    case 'failed':
      return null;
  }
}
