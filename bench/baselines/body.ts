/** The exact bytes `GET /v1/smoke_test/` answers, shared by both baselines. */
export const SMOKE_PATH = '/v1/smoke_test/';
export const SMOKE_BODY = JSON.stringify({
  status: 'ok',
  feature: 'smoke_test',
  message: 'PetSage Backend is up and running!',
});

/** The port to listen on, from PORT (the runner always passes a free one). */
export function portFromEnv(): number {
  const port = Number(process.env.PORT ?? '0');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`bad PORT ${String(process.env.PORT)}`);
  return port;
}
