/**
 * Vitest setup file: `feature check` (tools/cli/scratch-database.ts) makes its scratch databases on the run's
 * PostgreSQL server, in this process and in the `petsage` processes tests spawn, instead of starting an
 * embedded server in each project copy.
 */
import { inject } from 'vitest';
import { CHECK_SERVER_VARIABLE } from '../../tools/cli/scratch-database.js';

process.env[CHECK_SERVER_VARIABLE] = inject('postgresUrl');
