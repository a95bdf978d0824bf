/**
 * The pets declaration's own fields, without a database: what each accepts and refuses in a new pet's
 * body, through the schemas the engine derives (test/helpers/declared-fields.ts).
 */
import { describe, expect, it } from 'vitest';
import { pets } from '../../../src/features/pets/resource.js';
import { refusedFields } from '../../helpers/declared-fields.js';

const refused = refusedFields(pets);

describe('a new pet', () => {
  it('needs a name and a species; a birth date and notes may be left out or null', () => {
    expect(refused({ name: 'Rex', species: 'dog' })).toEqual([]);
    expect(refused({ name: 'Rex', species: 'dog', birth_date: null, notes: null })).toEqual([]);
    expect(refused({})).toEqual(['/name', '/species']);
  });

  it('takes a name of one line of at most 80 characters', () => {
    expect(refused({ name: 'R'.repeat(80), species: 'dog' })).toEqual([]);
    expect(refused({ name: 'R'.repeat(81), species: 'dog' })).toEqual(['/name']);
    expect(refused({ name: 'Rex\nMax', species: 'dog' })).toEqual(['/name']);
  });

  it('takes one of the six species', () => {
    for (const species of ['dog', 'cat', 'rabbit', 'bird', 'reptile', 'other']) {
      expect(refused({ name: 'Rex', species })).toEqual([]);
    }
    expect(refused({ name: 'Rex', species: 'dragon' })).toEqual(['/species']);
  });

  it('takes a birth date as YYYY-MM-DD, and notes of lines of at most 10,000 characters', () => {
    expect(refused({ name: 'Rex', species: 'dog', birth_date: '2020-02-30' })).toEqual(['/birth_date']);
    expect(refused({ name: 'Rex', species: 'dog', notes: 'One.\nTwo.' })).toEqual([]);
    expect(refused({ name: 'Rex', species: 'dog', notes: 'n'.repeat(10_001) })).toEqual(['/notes']);
    expect(refused({ name: 'Rex', species: 'dog', notes: 'bell\u0007' })).toEqual(['/notes']);
  });
});
