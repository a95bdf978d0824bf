import { afterAll, beforeAll } from 'vitest';

/**
 * A resource owned by the calling test file: made in its beforeAll, released in its afterAll. The returned
 * function reads it inside tests and hooks, and says who asked (`owner`) if it is read anywhere else.
 */
export function perTestFile<T>(
  owner: string,
  make: () => Promise<T>,
  release: (resource: T) => Promise<void>,
): () => T {
  let resource: T | undefined;
  beforeAll(async () => {
    resource = await make();
  });
  afterAll(async () => {
    if (resource !== undefined) await release(resource);
  });
  return () => {
    if (resource === undefined) throw new Error(`${owner}: it exists only inside tests and hooks`);
    return resource;
  };
}
