/** Progress lines on stderr: elapsed time, the step, and what is left. */
const startedAt = performance.now();

export function elapsedSeconds(): number {
  return (performance.now() - startedAt) / 1000;
}

export function progress(step: string, detail: string, left = ''): void {
  const time = `${elapsedSeconds().toFixed(1)}s`.padStart(7);
  process.stderr.write(`[bench ${time}] ${step}: ${detail}${left ? ` (left: ${left})` : ''}\n`);
}
