/**
 * Every resource declared in this process, by table: how a reference (`field.ref('pets')`) learns whether
 * its target is owned, and how a refused delete names the records that still refer to it, without one
 * feature importing another. A feature's declaration is loaded with the feature, so a resource that
 * refers to another must be mounted with it (its table, too, comes from that feature's migrations).
 */
import type { ResourceDeclaration } from './declaration.js';
import type { OnDelete } from './fields.js';

const declared = new Map<string, ResourceDeclaration>();

export function declareResource(resource: ResourceDeclaration): void {
  declared.set(resource.table, resource);
}

/** The declaration of `table`, if a loaded feature declares it. */
export const findResource = (table: string): ResourceDeclaration | undefined => declared.get(table);

/** The declaration of `table`; throws, naming who needs it, when no loaded feature declares it. */
export function declaredResource(table: string, neededBy: string): ResourceDeclaration {
  const resource = declared.get(table);
  if (resource === undefined) {
    throw new Error(
      `${neededBy} refers to ${table}, which no loaded resource declares: mount the ${table} feature too.`,
    );
  }
  return resource;
}

/** The fields of every declared resource that refer to `table`, and what deleting a record of it does. */
export function referencesTo(
  table: string,
): { readonly table: string; readonly field: string; readonly onDelete: OnDelete }[] {
  return [...declared.values()].flatMap((resource) =>
    Object.entries(resource.fields).flatMap(([name, field]) =>
      field.references?.table === table
        ? [{ table: resource.table, field: name, onDelete: field.references.onDelete }]
        : [],
    ),
  );
}
