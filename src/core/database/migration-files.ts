/**
 * The migration files of the features that use the database: `src/features/<name>/migrations/NNNN_<slug>.sql`,
 * plain forward-only SQL. Each is known to the migrator as `<name>/NNNN_<slug>` with the SHA-256 of its text.
 * The platform's own tables (idempotency keys) have theirs in `src/core/migrations/`, known as
 * `@core/NNNN_<slug>` (no feature name starts with @, so the two never clash); they apply whenever a feature
 * uses the database. The production build copies both to `dist/features/<name>/migrations/` and
 * `dist/core/migrations/`, the same layout beside the bundle.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findResource } from '../resource/declared.js';

export interface MigrationFile {
  /** `<feature>/<NNNN_slug>`: unique across features, and what the migrations table records. */
  readonly name: string;
  readonly sql: string;
  readonly sha256: string;
}

export const MIGRATION_FILE = /^\d{4}_[a-z0-9_]+\.sql$/;

/** Thrown for a migration problem an operator must fix: the message names the file. */
export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** Where the feature folders are: src/features from source (tsx, Vitest), dist/features from the bundle. */
export function featuresRoot(): string {
  const fromSource = import.meta.url.endsWith('.ts');
  return fileURLToPath(new URL(fromSource ? '../../features/' : './features/', import.meta.url));
}

/** Where the platform's own migrations are: src/core/migrations from source, dist/core/migrations from the bundle. */
export function coreMigrationsFolder(): string {
  const fromSource = import.meta.url.endsWith('.ts');
  return fileURLToPath(new URL(fromSource ? '../migrations/' : './core/migrations/', import.meta.url));
}

/** The name prefix of the platform's migrations. */
export const CORE_MIGRATIONS = '@core';

/** The features whose migrations apply: those that use the database. */
function databaseFeatureNames(features: readonly { name: string; usesDatabase?: boolean }[]): string[] {
  return features.filter((feature) => feature.usesDatabase).map((feature) => feature.name);
}

/** The features a feature's table refers to (its resource's `ref` fields): their tables must exist first. */
function referencedFeatures(feature: string): string[] {
  return Object.values(findResource(feature)?.fields ?? {}).flatMap((field) =>
    field.references === undefined ? [] : [field.references.table],
  );
}

/**
 * The order in which features' migrations apply: by name, except that a feature comes after the features its
 * table refers to (`vet_visits` after `pets`, and a `ci_visits` too, though it sorts first).
 */
export function creationOrder(
  featureNames: readonly string[],
  refersTo: (feature: string) => readonly string[] = referencedFeatures,
): string[] {
  const wanted = new Set(featureNames);
  const ordered: string[] = [];
  const visit = (feature: string, visiting: Set<string>): void => {
    // A cycle of references cannot be created in any order; the failing migration will name it.
    if (ordered.includes(feature) || visiting.has(feature)) return;
    visiting.add(feature);
    for (const other of [...refersTo(feature)].sort()) if (wanted.has(other)) visit(other, visiting);
    ordered.push(feature);
  };
  for (const feature of [...wanted].sort()) visit(feature, new Set());
  return ordered;
}

/** The features' migrations in creation order; `refersTo` names the features a feature's table refers to. */
export function readMigrationFiles(
  featureNames: readonly string[],
  root = featuresRoot(),
  refersTo: (feature: string) => readonly string[] = referencedFeatures,
): MigrationFile[] {
  return creationOrder(featureNames, refersTo).flatMap((feature) =>
    readFolder(`${root}/${feature}/migrations`, feature, `0001_create_${feature}.sql`),
  );
}

/** What the service migrates: the platform's tables, then those of the features that use the database. */
export function serviceMigrationFiles(
  features: readonly { name: string; usesDatabase?: boolean }[],
  root = featuresRoot(),
): MigrationFile[] {
  return [
    ...readFolder(coreMigrationsFolder(), CORE_MIGRATIONS, '0001_create_things.sql'),
    ...readMigrationFiles(databaseFeatureNames(features), root),
  ];
}

/** The migrations in `folder`, in name order, named `<prefix>/NNNN_<slug>`. */
function readFolder(folder: string, prefix: string, example: string): MigrationFile[] {
  return listFolder(folder)
    .sort()
    .map((file) => {
      if (!MIGRATION_FILE.test(file)) {
        throw new MigrationError(`${folder}/${file}: expected a migration named NNNN_<slug>.sql (e.g. ${example}).`);
      }
      const sql = readFileSync(`${folder}/${file}`, 'utf8');
      return { name: `${prefix}/${file.slice(0, -'.sql'.length)}`, sql, sha256: sha256(sql) };
    });
}

function listFolder(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch (error) {
    // A feature that uses the database may not have a table (yet).
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
