/**
 * A resource's SQL is built once per resource: the same statements for every version, a statement per
 * combination of filters or changed fields made once, each named after its text, and no value in any text.
 * No database: the statements are text until they run (prepared.test.ts runs them).
 */
import { describe, expect, it } from 'vitest';
import { resourceStatements } from '../../../src/core/resource/statements.js';
import { gadgets } from '../../helpers/gadgets-resource.js';

describe('resourceStatements', () => {
  const statements = resourceStatements(gadgets).all;

  it('builds them once per resource, and each combination once', () => {
    expect(resourceStatements(gadgets).all).toBe(statements);
    expect(statements.page(['label', 'kind'], true)).toBe(statements.page(['label', 'kind'], true));
    expect(statements.update(['stock'])).toBe(statements.update(['stock']));
  });

  it('names each text differently, within PostgreSQL 63 characters', () => {
    const all = [
      statements.insert,
      statements.find,
      statements.delete,
      statements.update(['stock']),
      statements.update(['stock', 'notes']),
      statements.page([], false),
      statements.page([], true),
      statements.page(['label'], false),
      statements.page(['label', 'kind'], true),
    ];
    expect(new Set(all.map((statement) => statement.name)).size).toBe(all.length);
    for (const { name } of all) expect(name.length).toBeLessThanOrEqual(63);
  });

  it('binds every value as a parameter, in the order the store passes them', () => {
    expect(statements.page(['label', 'kind'], true).text).toBe(
      'SELECT "id", "owner", "created_at", "updated_at", "revision", "label", "code", "kind", "stock", "weight", "fragile", "made_on", "checked_at", "maker_id", "notes" ' +
        'FROM "gadgets" WHERE "label" = $1 AND "kind" = $2 AND ("created_at", "id") > ($3, $4) ORDER BY "created_at", "id" LIMIT $5',
    );
    expect(statements.update(['stock', 'notes']).text).toMatch(
      /^UPDATE "gadgets" SET "stock" = \$4, "notes" = \$5, "updated_at" = \$3, "revision" = "revision" \+ 1 WHERE "id" = \$1 AND \(\$2::integer\[\] IS NULL OR "revision" = ANY\(\$2::integer\[\]\)\) RETURNING /,
    );
    expect(statements.insert.text).toContain('VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)');
  });

  it("checks the caller's ownership in the same statement, with the owner bound last", () => {
    const owned = resourceStatements(gadgets).owned;
    expect(owned.find.text).toMatch(/ WHERE "id" = \$1 AND "owner" = \$2$/);
    expect(owned.delete.text).toMatch(/ AND "owner" = \$3$/);
    expect(owned.update(['stock']).text).toMatch(/ AND "owner" = \$5 RETURNING /);
    expect(owned.page(['label'], true).text).toMatch(/ AND "owner" = \$5 ORDER BY "created_at", "id" LIMIT \$4$/);
    expect(statements.find.text).not.toContain('"owner" =');
    expect(owned.find.name).not.toBe(statements.find.name);
  });
});
