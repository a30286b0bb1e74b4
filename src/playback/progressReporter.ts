// Where a playback's timeline reports and scrobble go. Playback sends them straight to the server unless
// it is given a reporter that keeps what cannot reach it: the offline feature's journal
// (src/offline/timelineReporter.ts), wired in by the session. Playback sits below offline, so it only knows this interface.
import type { PlexClient, TimelineReport } from '../plex/client.js';
import type { TimelineResponse } from '../plex/models.js';

export interface ProgressReporter {
  /** Sends a timeline report; the server's answer may ask playback to end (terminationCode). */
  report(report: TimelineReport): Promise<TimelineResponse>;
  scrobble(ratingKey: string): Promise<void>;
  /** Sends what was kept from earlier plays, before a new play starts; failures are the caller's to log. */
  catchUp(): Promise<void>;
}

/** Reports straight to the server, keeping nothing: a failure is the play's. */
export function directReporter(client: Pick<PlexClient, 'timeline' | 'scrobble'>): ProgressReporter {
  return {
    report: (report) => client.timeline(report),
    scrobble: async (ratingKey) => {
      await client.scrobble(ratingKey);
    },
    catchUp: async () => undefined,
  };
}
