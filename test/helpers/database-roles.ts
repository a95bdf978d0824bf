/**
 * A database with the two roles production gives it (docs/operations.md, "Least privilege"): an owner,
 * which owns the database and runs the migrations, and the API's role, which owns nothing and gets only
 * what the migration command grants it. Both log in with a password, on the run's server (database-server.ts).
 * Role names are global to the server: the API's is made unique unless a test needs a given one.
 */
import { randomBytes } from 'node:crypto';
import { onServer, serverUrl } from './database.js';

export interface RoleDatabase {
  readonly ownerUrl: string;
  readonly apiUrl: string;
  readonly apiRole: string;
  readonly apiPassword: string;
  drop(): Promise<void>;
}

const suffix = () => randomBytes(6).toString('hex');

function urlOf(database: string, role: string, password: string): string {
  const url = new URL(serverUrl(database));
  url.username = role;
  url.password = password;
  return url.toString();
}

export async function createRoleDatabase(apiRole = `petsage_api_${suffix()}`): Promise<RoleDatabase> {
  const id = suffix();
  const [database, owner] = [`petsage_roles_${id}`, `petsage_owner_${id}`];
  const [ownerPassword, apiPassword] = [randomBytes(12).toString('hex'), randomBytes(12).toString('hex')];
  // Identifiers and passwords are made here of [a-z0-9_] only, so they need no quoting.
  await onServer(`CREATE ROLE ${owner} LOGIN PASSWORD '${ownerPassword}'`);
  await onServer(`CREATE ROLE ${apiRole} LOGIN PASSWORD '${apiPassword}'`);
  await onServer(`CREATE DATABASE ${database} OWNER ${owner}`);
  return {
    ownerUrl: urlOf(database, owner, ownerPassword),
    apiUrl: urlOf(database, apiRole, apiPassword),
    apiRole,
    apiPassword,
    drop: async () => {
      await onServer(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await onServer(`DROP ROLE IF EXISTS ${owner}, ${apiRole}`);
    },
  };
}
