/** The verified-token cache: how often it lets the real verification run, and what it never remembers. */
import { describe, expect, it } from 'vitest';
import { entryBytes, rememberVerified, type Verified } from '../../../src/core/auth/verified-tokens.js';

/** A verification that accepts tokens starting with "ok" until `expiresInMs`, and counts its calls per token. */
function countingVerify(expiresInMs = 60_000) {
  const calls = new Map<string, number>();
  const verify = async (token: string): Promise<Verified> => {
    calls.set(token, (calls.get(token) ?? 0) + 1);
    if (!token.startsWith('ok')) throw new Error(`refused ${token}`);
    return { principal: { subject: token, scopes: new Set() }, expiresAtMs: Date.now() + expiresInMs };
  };
  return { verify, calls };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('rememberVerified', () => {
  it('verifies a repeated token once, and answers the same principal', async () => {
    const { verify, calls } = countingVerify();
    const remembered = rememberVerified(verify, { ttlMs: 60_000, maxBytes: 1_000_000 });
    const first = await remembered.verify('ok-a');
    expect(await remembered.verify('ok-a')).toBe(first);
    expect(calls.get('ok-a')).toBe(1);
  });

  it('never remembers a refusal', async () => {
    const { verify, calls } = countingVerify();
    const remembered = rememberVerified(verify, { ttlMs: 60_000, maxBytes: 1_000_000 });
    await expect(remembered.verify('bad')).rejects.toThrow('refused bad');
    await expect(remembered.verify('bad')).rejects.toThrow('refused bad');
    expect(calls.get('bad')).toBe(2);
  });

  it.each([
    { ends: 'the TTL', ttlMs: 50, expiresInMs: 60_000 },
    { ends: "the token's expiry, within the TTL", ttlMs: 60_000, expiresInMs: 50 },
  ])('verifies again once $ends has passed', async ({ ttlMs, expiresInMs }) => {
    const { verify, calls } = countingVerify(expiresInMs);
    const remembered = rememberVerified(verify, { ttlMs, maxBytes: 1_000_000 });
    await remembered.verify('ok-a');
    await pause(80);
    await remembered.verify('ok-a');
    expect(calls.get('ok-a')).toBe(2);
  });

  it('holds at most `maxBytes` of tokens, dropping the least recently used', async () => {
    const { verify, calls } = countingVerify();
    const remembered = rememberVerified(verify, { ttlMs: 60_000, maxBytes: 2 * entryBytes('ok-a') });
    await remembered.verify('ok-a');
    await remembered.verify('ok-b');
    await remembered.verify('ok-a'); // a is now the most recently used
    await remembered.verify('ok-c'); // so b goes
    await remembered.verify('ok-a');
    await remembered.verify('ok-b');
    expect(Object.fromEntries(calls)).toEqual({ 'ok-a': 1, 'ok-b': 2, 'ok-c': 1 });
  });

  it.each([
    { ttlMs: 0, maxBytes: 1_000_000 },
    { ttlMs: 60_000, maxBytes: 0 },
  ])('verifies every time with $ttlMs ms and $maxBytes bytes (off)', async (options) => {
    const { verify, calls } = countingVerify();
    const remembered = rememberVerified(verify, options);
    await remembered.verify('ok-a');
    await remembered.verify('ok-a');
    expect(calls.get('ok-a')).toBe(2);
  });

  it('knows a token only once it was verified, never a refused or expired one, and never when off', async () => {
    const { verify, calls } = countingVerify(50);
    const remembered = rememberVerified(verify, { ttlMs: 60_000, maxBytes: 1_000_000 });
    // `{}`: a new connection each time, which has kept nothing, so the answer is the cache's.
    expect(remembered.known('ok-a', {})).toBeUndefined();
    const principal = await remembered.verify('ok-a');
    expect(remembered.known('ok-a', {})).toBe(principal);
    await expect(remembered.verify('bad')).rejects.toThrow();
    expect(remembered.known('bad', {})).toBeUndefined();
    expect(calls.get('ok-a')).toBe(1); // known() itself never verifies
    await pause(80);
    expect(remembered.known('ok-a', {})).toBeUndefined();

    const off = rememberVerified(verify, { ttlMs: 0, maxBytes: 1_000_000 });
    await off.verify('ok-b');
    expect(off.known('ok-b', {})).toBeUndefined();
  });

  describe('with the connection the token came on', () => {
    it("answers a connection's last token from what the connection kept, without the LRU", async () => {
      const { verify, calls } = countingVerify();
      const remembered = rememberVerified(verify, { ttlMs: 60_000, maxBytes: entryBytes('ok-a') });
      const connection = {};
      const principal = await remembered.verify('ok-a');
      expect(remembered.known('ok-a', connection)).toBe(principal);
      await remembered.verify('ok-b'); // the LRU holds one token: a goes
      expect(remembered.known('ok-a', {})).toBeUndefined(); // another connection kept nothing
      expect(remembered.known('ok-a', connection)).toBe(principal);
      expect(calls.get('ok-a')).toBe(1);
    });

    it('looks up any other token, and keeps only one per connection', async () => {
      const { verify } = countingVerify();
      const remembered = rememberVerified(verify, { ttlMs: 60_000, maxBytes: 1_000_000 });
      const connection = {};
      const a = await remembered.verify('ok-a');
      const b = await remembered.verify('ok-b');
      expect(remembered.known('ok-a', connection)).toBe(a);
      expect(remembered.known('ok-b', connection)).toBe(b);
      expect(remembered.known('ok-never-verified', connection)).toBeUndefined();
      expect(remembered.known('bad', connection)).toBeUndefined();
      expect(remembered.known('ok-a', connection)).toBe(a);
    });

    it.each([
      { ends: 'the TTL', ttlMs: 50, expiresInMs: 60_000 },
      { ends: "the token's expiry, within the TTL", ttlMs: 60_000, expiresInMs: 50 },
    ])('stops answering a kept token once $ends has passed', async ({ ttlMs, expiresInMs }) => {
      const { verify } = countingVerify(expiresInMs);
      const remembered = rememberVerified(verify, { ttlMs, maxBytes: 1_000_000 });
      const connection = {};
      const principal = await remembered.verify('ok-a');
      expect(remembered.known('ok-a', connection)).toBe(principal);
      await pause(80);
      expect(remembered.known('ok-a', connection)).toBeUndefined();
    });
  });
});
