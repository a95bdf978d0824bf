/** How a driver error becomes a problem: each class of failure, as node-postgres reports it. */
import { describe, expect, it } from 'vitest';
import { databaseProblem, uniqueField, UNAVAILABLE_DETAIL } from '../../../src/core/database/problems.js';

const unavailable = { status: 503, detail: UNAVAILABLE_DETAIL };

describe('databaseProblem', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a reset connection', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['an unresolvable host', Object.assign(new Error('getaddrinfo ENOTFOUND db'), { code: 'ENOTFOUND' })],
    ['a wait for a pool connection that timed out', new Error('timeout exceeded when trying to connect')],
    ['a lost connection', new Error('Connection terminated unexpectedly')],
    ['a connect timeout', new Error('Connection terminated due to connection timeout')],
    ['a client-side read timeout', new Error('Query read timeout')],
    [
      'a server shutting down (57P01)',
      { code: '57P01', message: 'terminating connection due to administrator command' },
    ],
    ['a server starting up (57P03)', { code: '57P03', message: 'the database system is starting up' }],
    ['a connection failure (08006)', { code: '08006', message: 'connection failure' }],
    ['a statement timeout (57014)', { code: '57014', message: 'canceling statement due to statement timeout' }],
    ['too many connections (53300)', { code: '53300', message: 'sorry, too many clients already' }],
    ['a deadlock (40P01)', { code: '40P01', message: 'deadlock detected' }],
    [
      'a connection to every address of a host refused',
      Object.assign(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]), {}),
    ],
  ])('answers %s with 503', (_name, error) => {
    expect(databaseProblem(error)).toEqual(unavailable);
  });

  it('answers a unique violation with 409 naming the column, never the value', () => {
    const error = {
      code: '23505',
      table: 'pets',
      constraint: 'pets_microchip_id_key',
      detail: 'Key (microchip_id)=(secret) already exists.',
    };
    expect(databaseProblem(error)).toEqual({ status: 409, detail: 'A record with this microchip_id already exists.' });
  });

  it('answers a unique violation on a constraint named otherwise without guessing a field', () => {
    expect(databaseProblem({ code: '23505', table: 'pets', constraint: 'one_name_per_owner' })).toEqual({
      status: 409,
      detail: 'A record with the same unique value already exists.',
    });
  });

  it.each([
    ['a syntax error', { code: '42601', message: 'syntax error at or near "selec"' }],
    ['a missing table', { code: '42P01', message: 'relation "pets" does not exist' }],
    ['a plain error', new Error('boom')],
    ['a string', 'ECONNREFUSED'],
    ['null', null],
  ])('leaves %s to the 500 handler', (_name, error) => {
    expect(databaseProblem(error)).toBeUndefined();
  });
});

describe('uniqueField', () => {
  it.each([
    ['pets', 'pets_name_key', 'name'],
    ['vet_visits', 'vet_visits_pet_id_key', 'pet_id'],
    ['pets', 'pets_pkey', undefined],
    ['pets', 'owners_name_key', undefined],
    ['pets', 'pets__key', undefined],
    [undefined, 'pets_name_key', undefined],
  ])('reads table %s, constraint %s as %s', (table, constraint, field) => {
    expect(uniqueField(table, constraint)).toBe(field);
  });
});
