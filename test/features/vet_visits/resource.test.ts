/**
 * The vet_visits declaration's own fields, without a database: what a new vet visit's body needs
 * and what each field refuses, through the schemas the engine derives (test/helpers/declared-fields.ts).
 * Add a test here for each business rule of ../../../src/features/vet_visits/resource.ts.
 */
import { describe, expect, it } from 'vitest';
import { vetVisits } from '../../../src/features/vet_visits/resource.js';
import { refusedFields } from '../../helpers/declared-fields.js';

const refused = refusedFields(vetVisits);

describe('a new vet visit', () => {
  it('is accepted with every field, and with only the required ones', () => {
    expect(
      refused({
        pet_id: '7d3f1e5c-9a10-4c6e-8f1d-0b5a4c3e2b1a',
        visited_at: '2026-01-31T09:30:00.000Z',
        reason: 'Yearly vaccination.',
        vet: 'Dr. Moreau, Riverside Clinic',
        notes: 'Healthy; next booster in a year.',
      }),
    ).toEqual([]);
    expect(
      refused({
        pet_id: '7d3f1e5c-9a10-4c6e-8f1d-0b5a4c3e2b1a',
        visited_at: '2026-01-31T09:30:00.000Z',
        reason: 'Yearly vaccination.',
        vet: 'Dr. Moreau, Riverside Clinic',
      }),
    ).toEqual([]);
  });

  it('needs each required field', () => {
    expect(refused({})).toEqual(['/pet_id', '/reason', '/vet', '/visited_at']);
  });

  it('refuses a wrong value in each field, naming each', () => {
    expect(refused({ pet_id: 12345, visited_at: 12345, reason: 12345, vet: 12345, notes: 12345 })).toEqual([
      '/notes',
      '/pet_id',
      '/reason',
      '/vet',
      '/visited_at',
    ]);
  });
});
