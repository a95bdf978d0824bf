/** The machine a run happened on. */
import { cpus, totalmem } from 'node:os';

export function machine(): { cpu: string; cores: number; ramGb: number; node: string; platform: string } {
  const all = cpus();
  return {
    cpu: all[0]?.model.trim() ?? 'unknown',
    cores: all.length,
    ramGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}
