/**
 * Start-up and memory of the service without its database features, in a copy of the project: with none
 * registered it loads no database code at all (app.ts imports it only for a feature that uses it), so this
 * is what a project that has not added a database feature starts with.
 */
import { createCopy, withoutDatabaseFeatures } from './features.js';
import { progress } from './progress.js';
import { median } from './stats.js';
import { measureStartups } from './startups.js';

export interface WithoutDatabase {
  /** The features removed for it. */
  removed: string[];
  /** Feature versions still mounted. */
  features: number;
  medianMs: number;
  rssAtFirst200Mb: number;
}

export async function measureWithoutDatabase(root: string, starts: number): Promise<WithoutDatabase> {
  const copy = await createCopy(root);
  try {
    progress('start-up', 'a copy of the project without its database features');
    const removed = await withoutDatabaseFeatures(copy);
    const measured = await measureStartups(copy.dir, starts);
    return {
      removed,
      features: copy.count,
      medianMs: median(measured.service),
      rssAtFirst200Mb: median(measured.serviceRss),
    };
  } finally {
    copy.remove();
  }
}
