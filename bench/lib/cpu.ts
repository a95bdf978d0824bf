/** CPU time of server processes, from /proc (user + system), to give CPU microseconds per request. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { childPids } from './startup.js';

/** Clock ticks per second, the unit of /proc/<pid>/stat's times. */
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** utime + stime of one process in microseconds, 0 if it is gone. */
export function processCpuUs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'; utime and stime are
    // fields 14 and 15 of the line, so 12th and 13th after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** CPU time of a process and its direct children (cluster workers), in microseconds. */
export function treeCpuUs(pid: number): number {
  return processCpuUs(pid) + childPids(pid).reduce((sum, child) => sum + processCpuUs(child), 0);
}
