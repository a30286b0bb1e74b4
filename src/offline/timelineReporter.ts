// Timeline reports and scrobbles to Plex; what cannot reach the server goes to the journal, sent later with
// offline=1. The session gives it to playback as its ProgressReporter (src/playback/progressReporter.ts).
import { isPlextermError } from '../base/errors.js';
import type { ProgressReporter } from '../playback/progressReporter.js';
import type { PlexClient, TimelineReport } from '../plex/client.js';
import type { TimelineResponse } from '../plex/models.js';
import type { JournalEntry, JournalFlushResult, TimelineJournal } from './timelineJournal.js';

export type TimelineClient = Pick<PlexClient, 'timeline' | 'scrobble'>;

/** Whether a failure means the server could not be reached (or could not answer now), so trying later may work. */
export function isWorthRetryingLater(error: unknown): boolean {
  return isPlextermError(error) && error.retryable && error.code !== 'aborted';
}

export class TimelineReporter implements ProgressReporter {
  constructor(
    private readonly client: TimelineClient,
    readonly journal: TimelineJournal,
    private readonly log: (message: string) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {}

  /** Sends a report; when the server cannot be reached it is journaled and answered with nothing (no termination). */
  async report(report: TimelineReport): Promise<TimelineResponse> {
    try {
      const response = await this.client.timeline(report);
      await this.journal.supersede(report.ratingKey);
      return response;
    } catch (error) {
      if (!isWorthRetryingLater(error)) throw error;
      await this.journal.append({ kind: 'timeline', ratingKey: report.ratingKey, key: report.key, state: report.state, time: report.time, duration: report.duration, updated: this.seconds() });
      return {};
    }
  }

  async scrobble(ratingKey: string): Promise<void> {
    try {
      await this.client.scrobble(ratingKey);
    } catch (error) {
      if (!isWorthRetryingLater(error)) throw error;
      await this.journal.append({ kind: 'scrobble', ratingKey, updated: this.seconds() });
    }
  }

  /**
   * Sends what the journal kept, in order, timeline reports with `offline=1` and their `updated` time.
   * An entry the server refuses is dropped, and said in the log.
   */
  async flush(): Promise<JournalFlushResult> {
    const result = await this.journal.flush((entry) => this.send(entry), isWorthRetryingLater);
    for (const { entry, message } of result.dropped) this.log(`playback journal: the server refused the ${entry.kind} of item ${entry.ratingKey} (${message}); dropped it`);
    return result;
  }

  /** Playback calls it at the start of each play: what earlier plays kept reaches the server first. */
  async catchUp(): Promise<void> {
    await this.flush();
  }

  private async send(entry: JournalEntry): Promise<void> {
    if (entry.kind === 'scrobble') {
      await this.client.scrobble(entry.ratingKey);
      return;
    }
    const { ratingKey, key, state, time, duration, updated } = entry;
    await this.client.timeline({ ratingKey, key, state, time, duration, offline: true, updated });
  }

  private seconds(): number {
    return Math.floor(this.now() / 1000);
  }
}
