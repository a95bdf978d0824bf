/**
 * A reason the service cannot start that the operator can act on (a bad setting, a data directory held
 * by another process): the process prints its message, one line, and exits 1, with no stack trace.
 */
export class StartupError extends Error {
  override readonly name: string = 'StartupError';
}
