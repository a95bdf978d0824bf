/**
 * A resource declaration's fields checked without a database or an app: which fields of a new record's
 * body its schema (the engine's, src/core/resource/schemas.ts) refuses, validated by Ajv with its formats,
 * as the app validates.
 *
 * ```ts
 * const refused = refusedFields(pets);
 * expect(refused({ name: 'Rex' })).toEqual(['/species']);
 * ```
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ResourceDeclaration } from '../../src/core/resource/declaration.js';
import { nounsOf } from '../../src/core/resource/nouns.js';
import { resourceSchemas } from '../../src/core/resource/schemas.js';

export function refusedFields(resource: ResourceDeclaration): (body: object) => string[] {
  const { Create } = resourceSchemas(resource.fields, nounsOf(resource.table, resource.singular));
  const ajv = new Ajv2020({ allErrors: true });
  addFormats.default(ajv);
  const validate = ajv.compile(Create);
  return (body) => {
    validate(body);
    const paths = (validate.errors ?? []).map(
      (error) => error.instancePath || `/${String(error.params.missingProperty ?? error.params.additionalProperty)}`,
    );
    return [...new Set(paths)].sort();
  };
}
