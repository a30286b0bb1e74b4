// Linux /proc figures of another process for the cache benchmarks: resident memory and CPU time (null where /proc is absent).
import { readFile } from 'node:fs/promises';

/** Clock ticks per second of /proc/PID/stat times: USER_HZ, 100 on every Linux Node supports. */
const ticksPerSecond = 100;

/** VmRSS and VmHWM (the peak) of a process, in bytes. */
export async function memoryOf(pid: number): Promise<{ rss: number; peak: number } | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
    return { rss: field('VmRSS'), peak: field('VmHWM') };
  } catch {
    return null;
  }
}

export interface CpuSeconds {
  user: number;
  system: number;
}

/** CPU seconds a process has used so far, in user space and in the kernel, all its threads. */
export async function cpuSecondsOf(pid: number): Promise<CpuSeconds | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis are plain.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name and the state.
    return { user: Number(fields[11]) / ticksPerSecond, system: Number(fields[12]) / ticksPerSecond };
  } catch {
    return null;
  }
}

/** CPU used between two readings; NaN when either is missing. */
export function cpuBetween(before: CpuSeconds | null, after: CpuSeconds | null): CpuSeconds {
  if (!before || !after) return { user: Number.NaN, system: Number.NaN };
  return { user: after.user - before.user, system: after.system - before.system };
}
