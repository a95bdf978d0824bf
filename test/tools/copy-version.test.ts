/**
 * `feature version`'s copy, file by file: the version number moves where it is declared (the
 * FeatureModule, the README title, imports of the copied folders) and nowhere else; a deliberate "v1" in
 * prose or a string and an import of another version on purpose survive.
 */
import { describe, expect, it } from 'vitest';
import { copyVersionFile, type VersionCopy } from '../../tools/cli/copy-version.js';
import { readDeprecation, setModuleFields } from '../../tools/cli/feature-module.js';

const copy: VersionCopy = {
  from: 2,
  to: 3,
  folders: [
    ['src/features/pets/v2', 'src/features/pets/v3'],
    ['test/features/pets/v2', 'test/features/pets/v3'],
  ],
  indexFile: 'src/features/pets/v2/index.ts',
  readmeFile: 'src/features/pets/v2/README.md',
};

const index = `/** Pets: unlike v1, v2 pages its lists. */
import type { FeatureModule } from '../../../core/features/feature.js';
import { router } from './api.js';

export const feature: FeatureModule = {
  name: 'pets',
  version: 2,
  router,
  deprecation: { since: '2026-01-01', sunset: '2099-01-01' },
};
`;

describe('copyVersionFile', () => {
  it("sets the FeatureModule's version, drops its deprecation, and keeps the prose", () => {
    const copied = copyVersionFile(index, copy.indexFile, 'src/features/pets/v3/index.ts', copy);
    expect(copied).toContain('version: 3,');
    expect(copied).not.toContain('deprecation');
    expect(copied).toContain('/** Pets: unlike v1, v2 pages its lists. */');
    expect(copied).toContain("from './api.js'");
  });

  it('keeps an import of another version on purpose, and strings that name versions', () => {
    const models = `import { Pet as PetV1 } from '../v1/models.js';
import type { Owner } from './owner.js';
export const note = 'v2 adds paging; see /v2/pets/ and v1';
export type Legacy = import('../v1/models.js').Pet;
`;
    expect(copyVersionFile(models, 'src/features/pets/v2/models.ts', 'src/features/pets/v3/models.ts', copy)).toBe(
      models,
    );
  });

  it("re-points a test's imports of its version's sources to the copy, quotes kept", () => {
    const test = `import { feature } from "../../../../src/features/pets/v2/index.js";
import { Pet } from '../../../../src/features/pets/v1/models.js';
import { helper } from '../../../helpers/project.js';
const lazy = await import('../../../../src/features/pets/v2/service.js');
describe('pets v2', () => {});
`;
    const copied = copyVersionFile(
      test,
      'test/features/pets/v2/api.test.ts',
      'test/features/pets/v3/api.test.ts',
      copy,
    );
    expect(copied).toBe(
      test
        .replace('"../../../../src/features/pets/v2/index.js"', '"../../../../src/features/pets/v3/index.js"')
        .replace("'../../../../src/features/pets/v2/service.js'", "'../../../../src/features/pets/v3/service.js'"),
    );
  });

  it('moves the version in the README title only', () => {
    const readme = '# Feature: Pets (v2)\n\nClients of v2 get pages; v1 clients do not.\n\n### `GET /pets/`\n';
    expect(copyVersionFile(readme, copy.readmeFile, 'src/features/pets/v3/README.md', copy)).toBe(
      '# Feature: Pets (v3)\n\nClients of v2 get pages; v1 clients do not.\n\n### `GET /pets/`\n',
    );
  });

  it('copies any other file byte for byte', () => {
    const text = 'v2 v2 /v2/pets ../v2/x.js';
    expect(copyVersionFile(text, 'src/features/pets/v2/notes.txt', 'src/features/pets/v3/notes.txt', copy)).toBe(text);
  });
});

describe('setModuleFields and readDeprecation', () => {
  const plain = "export const feature: FeatureModule = { name: 'pets', version: 2, router };\n";

  it('adds, replaces and removes a deprecation', () => {
    const added = setModuleFields(plain, 'index.ts', { deprecation: { since: '2026-01-01' } });
    expect(readDeprecation(added, 'index.ts')).toEqual({ since: '2026-01-01' });
    const replaced = setModuleFields(added, 'index.ts', { deprecation: { since: '2026-01-01', sunset: '2099-01-01' } });
    expect(readDeprecation(replaced, 'index.ts')).toEqual({ since: '2026-01-01', sunset: '2099-01-01' });
    const removed = setModuleFields(replaced, 'index.ts', { deprecation: null });
    expect(readDeprecation(removed, 'index.ts')).toBeUndefined();
    // What is left is the original object, give or take a trailing comma (Prettier settles that).
    expect(removed.replace(/\s/g, '').replace(',}', '}')).toBe(plain.replace(/\s/g, ''));
  });

  it('refuses a file without a FeatureModule object', () => {
    expect(() => setModuleFields('export const x = 1;\n', 'index.ts', { version: 3 })).toThrow(
      'index.ts declares no `feature: FeatureModule = { ... }` object',
    );
  });
});
