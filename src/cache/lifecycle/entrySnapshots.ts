// An entry's snapshots as the scan of what happens to it: named events move its state (through the reducer only), progress changes the rest.
import { scan, type OperatorFunction } from 'rxjs';
import { transition, type CacheEntryEvent, type CacheEntrySnapshot } from './entryState.js';

/** The snapshot fields that change as bytes arrive, a pin is set or a reader touches the entry; never the state. */
export type ProgressChanges = Partial<Omit<CacheEntrySnapshot, 'key' | 'state'>>;

export type EntryInput = { event: CacheEntryEvent } | { progress: ProgressChanges };

/** The fields an allowed event changes besides the state. */
function changesOf(event: CacheEntryEvent): ProgressChanges {
  switch (event.type) {
    case 'opened':
      return { error: null, streamUrl: null };
    case 'probeStarted':
      return {};
    case 'sized':
      return { totalSize: event.totalSize, rangeSupport: event.rangeSupport };
    case 'startBufferFilled':
      return { streamUrl: event.streamUrl };
    case 'failed':
      return { error: event.error, streamUrl: null, bytesPerSecond: 0 };
    case 'evicted':
      return { downloadedBytes: 0, complete: false, bytesPerSecond: 0, streamUrl: null };
    case 'closed':
      return { error: null, streamUrl: null, bytesPerSecond: 0 };
  }
}

/** One step of the scan. An event the state does not allow changes nothing at all: a late `startBufferFilled` brings back no URL. */
function applyEntryInput(snapshot: CacheEntrySnapshot, input: EntryInput): CacheEntrySnapshot {
  if ('progress' in input) return { ...snapshot, ...input.progress, key: snapshot.key, state: snapshot.state };
  const state = transition(snapshot.state, input.event);
  if (state === null) return snapshot;
  return { ...snapshot, ...changesOf(input.event), state };
}

/** The snapshots after each input, starting from `initial` (which is not emitted again). */
export function scanEntrySnapshots(initial: CacheEntrySnapshot): OperatorFunction<EntryInput, CacheEntrySnapshot> {
  return scan(applyEntryInput, initial);
}
