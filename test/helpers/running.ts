/** What is running now, read from /proc: for tests that must leave no process of theirs behind. */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** The processes whose command line and working directory `matches`, each as "<pid> <command line>". */
export function runningProcesses(matches: (command: string, cwd: string) => boolean): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (matches(command, readlinkSync(`/proc/${pid}/cwd`))) found.push(`${pid} ${command}`);
    } catch {
      // the process ended meanwhile, or is not ours to read
    }
  }
  return found;
}
