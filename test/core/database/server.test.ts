import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../helpers/database.js';

describe('test database helper', () => {
  const database = useTestDatabase();

  it('gives the file its own database on a real PostgreSQL server', async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string; version: string }>(
        'select current_database() as name, version() as version',
      );
      expect(rows[0]?.name).toBe(database.name);
      expect(rows[0]?.version).toMatch(/^PostgreSQL \d+/);
    } finally {
      await client.end();
    }
  });
});
