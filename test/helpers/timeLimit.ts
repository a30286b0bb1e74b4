// Time limits for tests that wait on something (a process, a server, a frame): they grow with the machine's load.
//
// A test waits for an event or a condition, never for a fixed time; the limit only turns a hang
// into a failure. On a busy machine (other jobs, CI neighbours) the same work takes several times
// longer, so a limit fit for an idle machine fails a correct test. The limit is therefore
// `ms` × (2 + the load per core, up to 6), and × PLEXTERM_TEST_TIME_FACTOR when set (a slow CI).
import { availableParallelism, loadavg } from 'node:os';

export function timeLimit(ms: number): number {
  const loadPerCore = loadavg()[0]! / availableParallelism();
  const factor = Number(process.env.PLEXTERM_TEST_TIME_FACTOR) || 1;
  return Math.round(ms * (2 + Math.min(Math.max(loadPerCore, 0), 6)) * factor);
}
