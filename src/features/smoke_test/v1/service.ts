/** Logic of the smoke test feature: no HTTP here, so it can be called and tested on its own. */
import type { SmokeTestResponse } from './models.js';

/** Confirms the service is operational: the status, the feature's name and a confirmation message. */
export function performSmokeTest(): SmokeTestResponse {
  return {
    status: 'ok',
    feature: 'smoke_test',
    message: 'PetSage Backend is up and running!',
  };
}
