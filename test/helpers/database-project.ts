/**
 * A temporary project copy (tools/project.ts: mode 700, as `mktemp -d` makes it) with the test-only
 * `notes` feature registered beside whatever features the tree has: a project that uses the database
 * whatever the builder has made of this one.
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyProject } from '../../tools/project.js';
import { run } from '../../tools/cli/main.js';
import { NOTES_FEATURES_ROOT } from './notes-feature.js';

export async function copyProjectWithNotes(): Promise<string> {
  const root = copyProject();
  const feature = join(root, 'src/features/notes');
  cpSync(join(NOTES_FEATURES_ROOT, 'notes/migrations'), join(feature, 'migrations'), { recursive: true });
  mkdirSync(join(feature, 'v1'));
  writeFileSync(
    join(feature, 'v1/index.ts'),
    "export { notesFeature as feature } from '../../../../test/helpers/notes-feature.js';\n",
  );
  const errors: string[] = [];
  const io = { root, stdout: () => undefined, stderr: (text: string) => errors.push(text), readStdin: () => '' };
  if ((await run(['feature', 'sync'], io)) !== 0) throw new Error(`feature sync failed: ${errors.join('')}`);
  return root;
}
