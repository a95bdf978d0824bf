/**
 * Builds dist/ once before the end-to-end suite, exactly as `npm run build` does for production; then
 * migrates the run's shared test database with the build's own migration command, as the deploy's
 * migration Job does, since the built service does not migrate in production.
 */
import { execFileSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';

export default function setup(project: TestProject): void {
  execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['dist/migrate.js'], {
    stdio: 'inherit',
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: project.getProvidedContext().sharedDatabaseUrl,
    },
  });
}
