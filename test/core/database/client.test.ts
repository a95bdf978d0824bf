/**
 * The database client on a real PostgreSQL: one pool, made by the first query that needs it, shared by
 * Kysely and the prepared statements; `close()` ends whatever was made, whoever made it, and waits for a
 * pool still being made.
 */
import { describe, expect, it } from 'vitest';
import { createDatabaseClient } from '../../../src/core/database/client.js';
import { statementRunner } from '../../../src/core/database/prepared.js';
import { useTestDatabase } from '../../helpers/database.js';

const database = useTestDatabase();
const SELECT_ONE = { name: 'probe:client:1', text: 'SELECT 1 AS one' };

describe('createDatabaseClient', () => {
  it('makes no pool until asked, then the same one for every caller, Kysely included', async () => {
    const client = createDatabaseClient(database.settings());
    try {
      expect(client.openPool()).toBeUndefined();
      const [first, second] = await Promise.all([client.pool(), client.pool()]);
      expect(second).toBe(first);
      expect(client.openPool()).toBe(first);
      await client.db.selectNoFrom((eb) => eb.lit(1).as('one')).execute();
      expect(first.totalCount).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  });

  it('ends a pool only the prepared statements used', async () => {
    const client = createDatabaseClient(database.settings());
    const rows = await statementRunner(client.pool).run<{ one: number }>(SELECT_ONE, []);
    expect(rows.rows).toEqual([{ one: 1 }]);
    await client.close();
    expect(client.openPool()?.ended).toBe(true);
  });

  it('ends the pool once when Kysely used it too', async () => {
    const client = createDatabaseClient(database.settings());
    await statementRunner(client.pool).run(SELECT_ONE, []);
    await client.db.selectNoFrom((eb) => eb.lit(1).as('one')).execute();
    await expect(client.close()).resolves.toBeUndefined();
    expect(client.openPool()?.ended).toBe(true);
  });

  it('waits for a pool still being made when it closes', async () => {
    const client = createDatabaseClient(database.settings());
    const making = client.pool();
    await client.close();
    expect((await making).ending).toBe(true);
  });

  it('closes without a pool when nothing asked for one', async () => {
    const client = createDatabaseClient(database.settings());
    await expect(client.close()).resolves.toBeUndefined();
    expect(client.openPool()).toBeUndefined();
  });
});
