/** The builder's two kinds of failure, each printed as one line on stderr. */

/** Bad input: the command refuses it, writes nothing and exits 2. */
export class Refusal extends Error {
  override readonly name = 'Refusal';
}

/** Exit codes of the `petsage` command. */
export const EXIT = { ok: 0, violations: 1, failure: 1, refused: 2 } as const;
