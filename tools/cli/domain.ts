/**
 * `feature check`'s rules for a feature's domain (src/features/<name>/, shared by its versions): a resource
 * (a feature with a declaration, resource.ts) has its migrations (NNNN_<slug>.sql, numbered without gaps
 * from 0001), and tests of its own beside its versions' (test/features/<name>/*.test.ts).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Violation } from './check.js';
import { FEATURES_DIR, RESOURCE_FILE, TESTS_DIR } from './tree.js';

const MIGRATION = /^(\d{4})_[a-z0-9_]+\.sql$/;

export function domainViolations(root: string, name: string): Violation[] {
  const dir = `${FEATURES_DIR}/${name}`;
  if (!existsSync(join(root, dir, RESOURCE_FILE))) return [];
  const violations: Violation[] = [];
  const migrations = `${dir}/migrations`;
  const files = existsSync(join(root, migrations)) ? readdirSync(join(root, migrations)).sort() : [];
  if (files.length === 0) violations.push({ path: `${migrations}/`, problem: 'no migration creates its table' });
  files.forEach((file, index) => {
    const number = MIGRATION.exec(file)?.[1];
    if (number === undefined) {
      violations.push({ path: `${migrations}/${file}`, problem: 'not named NNNN_<slug>.sql' });
    } else if (Number(number) !== index + 1) {
      violations.push({
        path: `${migrations}/${file}`,
        problem: `numbered ${number}, expected ${String(index + 1).padStart(4, '0')}`,
      });
    }
  });
  const tests = `${TESTS_DIR}/${name}`;
  const hasTests = existsSync(join(root, tests)) && readdirSync(join(root, tests)).some((f) => f.endsWith('.test.ts'));
  if (!hasTests) violations.push({ path: `${tests}/`, problem: 'no tests for its domain (*.test.ts beside v<N>/)' });
  return violations;
}
