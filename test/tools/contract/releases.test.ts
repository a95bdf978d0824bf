/**
 * The record of released versions (contracts/releases.json): read strictly, written sorted, and held
 * against the snapshots and folders by the guard, so that losing a snapshot (or a record entry) alone is
 * an error rather than a version quietly turned back into a draft.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordProblem } from '../../../tools/cli/contract/guard.js';
import { isReleased, readReleases, releasesWith, RELEASES_FILE } from '../../../tools/cli/contract/releases.js';

let root: string;
const writeRecord = (text: string): void => {
  mkdirSync(join(root, 'contracts'), { recursive: true });
  writeFileSync(join(root, RELEASES_FILE), text);
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'petsage-releases-'));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('readReleases', () => {
  it('reads no release when the record is absent', () => {
    expect(readReleases(root)).toEqual([]);
  });

  it('reads every recorded version, sorted by feature, then version', () => {
    writeRecord('{ "smoke_test": ["v1"], "pets": ["v2", "v1"] }');
    expect(readReleases(root)).toEqual([
      { name: 'pets', version: 1 },
      { name: 'pets', version: 2 },
      { name: 'smoke_test', version: 1 },
    ]);
    expect(isReleased(root, { name: 'pets', version: 2 })).toBe(true);
    expect(isReleased(root, { name: 'pets', version: 3 })).toBe(false);
  });

  const malformed: [string, string, RegExp][] = [
    ['text that is not JSON', '{ "pets": [', /contracts\/releases\.json is not JSON/],
    ['a list instead of an object', '["pets v1"]', /contracts\/releases\.json is not an object/],
    ['a key that is no feature name', '{ "../pets": ["v1"] }', /names "\.\.\/pets", which is not a feature name/],
    ['versions that are not a list', '{ "pets": "v1" }', /lists pets's versions as something other than an array/],
    ['a version not written v<N>', '{ "pets": [1] }', /lists 1 under pets, not a v<N>/],
  ];

  it.each(malformed)('refuses %s, naming the file and the shape it expects', (_label, text, message) => {
    writeRecord(text);
    expect(() => readReleases(root)).toThrow(message);
    expect(() => readReleases(root)).toThrow(/expected \{"<feature>": \["v<N>", \.\.\.\]\}/);
  });
});

describe('releasesWith', () => {
  it('adds a version in order, formatted as Prettier checks it', async () => {
    writeRecord('{ "smoke_test": ["v1"], "pets": ["v2"] }');
    const text = await releasesWith(root, { name: 'pets', version: 1 });
    expect(text).toBe('{ "pets": ["v1", "v2"], "smoke_test": ["v1"] }\n');
    expect(readFileSync(join(root, RELEASES_FILE), 'utf8')).toBe('{ "smoke_test": ["v1"], "pets": ["v2"] }');
  });

  it('starts the record when there is none', async () => {
    expect(await releasesWith(root, { name: 'pets', version: 1 })).toBe('{ "pets": ["v1"] }\n');
  });
});

describe('recordProblem: the record, the snapshot and the folder must agree', () => {
  const ref = { name: 'pets', version: 1 };

  it('finds nothing wrong when all three are there', () => {
    expect(recordProblem(ref, { folder: true, snapshot: true, recorded: true })).toBeUndefined();
  });

  it('refuses a released version whose snapshot was deleted, naming the snapshot to restore', () => {
    expect(recordProblem(ref, { folder: true, snapshot: false, recorded: true })).toEqual({
      path: 'contracts/pets/v1.json',
      problem:
        'pets v1 is released (contracts/releases.json) but its snapshot is missing: restore it from version control (git checkout <base branch> -- contracts/pets/v1.json); a released contract is never dropped',
    });
  });

  it('refuses a snapshot the record does not list', () => {
    expect(recordProblem(ref, { folder: true, snapshot: true, recorded: false })?.problem).toMatch(
      /^pets v1 has a snapshot but no entry in contracts\/releases\.json: `petsage feature release` writes both/,
    );
  });

  it('refuses a snapshot whose folder is gone', () => {
    expect(recordProblem(ref, { folder: false, snapshot: true, recorded: true })?.problem).toMatch(
      /^pets v1 is released but src\/features\/pets\/v1\/ is gone: retire a version by deprecating it/,
    );
  });

  it('refuses a record entry left behind by a retired version', () => {
    expect(recordProblem(ref, { folder: false, snapshot: false, recorded: true })).toEqual({
      path: 'contracts/releases.json',
      problem:
        'pets v1 is recorded as released but src/features/pets/v1/ and contracts/pets/v1.json are gone: when a version is retired after its sunset, take its entry out of this record too',
    });
  });
});
