/**
 * Expired idempotency keys (src/core/idempotency/sweep.ts) on a real PostgreSQL: the service deletes them
 * itself, in bounded batches, and stops when the app closes; an expired key is free again at once.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.js';
import { startSweep, sweepExpiredKeys } from '../../../src/core/idempotency/sweep.js';
import { asCaller } from '../../helpers/auth.js';
import { GADGET_SCOPES, GADGETS_FEATURES_ROOT, gadgetsFeature } from '../../helpers/gadgets-resource.js';
import { useResourceApp } from '../../helpers/resource-app.js';

const feature = gadgetsFeature();
const served = useResourceApp(feature, GADGET_SCOPES, GADGETS_FEATURES_ROOT);

/** A kept answer for `key`, expired `ageS` seconds ago (negative: still valid). */
async function keep(key: string, ageS: number, fingerprint = 'f'): Promise<void> {
  await sql`insert into idempotency_keys (caller, key, fingerprint, status, headers, body, expires_at)
    values ('user-1', ${key}, ${fingerprint}, 201, '{}', '{}', now() - make_interval(secs => ${ageS}))`.execute(
    served.app.db,
  );
}

async function kept(keys: readonly string[]): Promise<string[]> {
  const { rows } = await sql<{ key: string }>`select key from idempotency_keys where key = any(${keys})`.execute(
    served.app.db,
  );
  return rows.map((row) => row.key).sort();
}

describe('sweepExpiredKeys', () => {
  it('deletes every expired key, in batches, and no other', async () => {
    const expired = Array.from({ length: 5 }, () => randomUUID());
    const live = randomUUID();
    for (const key of expired) await keep(key, 10);
    await keep(live, -3600);

    expect(await sweepExpiredKeys(served.app.statements, 2)).toBe(5);
    expect(await kept([...expired, live])).toEqual([live]);
  });
});

describe('the service', () => {
  it('sweeps expired keys by itself, after IDEMPOTENCY_KEY_TTL_S; the key is then free for another body', async () => {
    const app = createApp(served.settings({ IDEMPOTENCY_KEY_TTL_S: '1' }), {
      features: [feature],
      featuresRoot: GADGETS_FEATURES_ROOT,
    });
    const caller = asCaller(app, await served.issuer.token({ scope: GADGET_SCOPES.write }));
    try {
      const key = randomUUID();
      const post = (label: string) =>
        caller.inject({
          method: 'POST',
          url: `${served.base}/`,
          headers: { 'idempotency-key': key },
          payload: { label, kind: 'tool' },
        });
      expect((await post('First')).statusCode).toBe(201);
      expect(await kept([key])).toEqual([key]);

      await expect.poll(() => kept([key]), { timeout: 5000, interval: 100 }).toEqual([]);
      const again = await post('Second');
      expect(again.statusCode, again.body).toBe(201);
      expect(again.headers['idempotency-replayed']).toBeUndefined();
    } finally {
      await app.close();
    }
  });

  it('takes over an expired key the sweep has not deleted yet', async () => {
    const key = randomUUID();
    await keep(key, 1, 'another request');
    const response = await served.app.inject({
      method: 'POST',
      url: `${served.base}/`,
      headers: { 'idempotency-key': key },
      payload: { label: 'Taken over', kind: 'toy' },
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.headers['idempotency-replayed']).toBeUndefined();
  });

  it('stops sweeping once stopped (as on app close)', async () => {
    const sweep = startSweep(served.app.statements, 20, served.app.log);
    const before = randomUUID();
    await keep(before, 10);
    await expect.poll(() => kept([before]), { timeout: 5000, interval: 20 }).toEqual([]);
    await sweep.stop();

    const after = randomUUID();
    await keep(after, 10);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await kept([after])).toEqual([after]);
  });
});
