/** Builds dist/ once before the end-to-end suite, exactly as `npm run build` does for production. */
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
}
