// The CPU time a process has used so far, read from /proc: how the heartbeat tells a plugin host that
// spins from one that the machine simply has not scheduled.
import { readFileSync } from 'node:fs';

/**
 * Linux reports utime and stime in clock ticks of USER_HZ, which the kernel fixes at 100 for
 * userspace on every architecture (sysconf(_SC_CLK_TCK)); Node has no call to ask.
 */
const ticksPerSecond = 100;

/** Milliseconds of CPU (user + system) the process has used, or undefined where /proc cannot tell (not Linux, process gone). */
export function processCpuMs(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may itself hold spaces or ')': fields after it
  // start after the last ')'. utime and stime are fields 14 and 15, i.e. 12th and 13th after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const user = Number(fields[11]);
  const system = Number(fields[12]);
  if (!Number.isFinite(user) || !Number.isFinite(system)) return undefined;
  return ((user + system) * 1000) / ticksPerSecond;
}
