import Value from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { SmokeTestResponse, smokeTestExample } from '../../../../src/features/smoke_test/v1/models.js';
import { performSmokeTest } from '../../../../src/features/smoke_test/v1/service.js';

describe('performSmokeTest', () => {
  it('returns the confirmation the endpoint serves', () => {
    expect(performSmokeTest()).toEqual({
      status: 'ok',
      feature: 'smoke_test',
      message: 'PetSage Backend is up and running!',
    });
  });

  it('returns a value of the response schema, equal to its documented example', () => {
    const result = performSmokeTest();
    expect(Value.Check(SmokeTestResponse, result)).toBe(true);
    expect(result).toEqual(smokeTestExample);
  });

  it('is a schema that refuses a missing or extra key', () => {
    expect(Value.Check(SmokeTestResponse, { status: 'ok', feature: 'smoke_test' })).toBe(false);
    expect(Value.Check(SmokeTestResponse, { ...smokeTestExample, extra: 1 })).toBe(false);
  });
});
