/**
 * A DATABASE_URL where no server answers: a port on 127.0.0.1 the OS just handed out and that was closed
 * again, so connecting is refused at once (no timeout to wait out). For tests of the 503 path.
 */
import { createServer } from 'node:net';

export async function unreachableDatabaseUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return `postgres://petsage:unused@127.0.0.1:${address.port}/nowhere`;
}
