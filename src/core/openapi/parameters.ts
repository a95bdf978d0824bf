/**
 * Headers a route validates as optional but documents as required: the route answers their absence
 * itself, with a status more precise than validation's 400 (If-Match: 428 Precondition Required, RFC 6585).
 * The route schema lists them with `requiredInDocument(...)` (beside its `headers`, where validation does not
 * look); the document's completion marks those header parameters `required: true`, so a generated client
 * makes callers send them, and removes the list.
 */
import type { OpenAPIV3_1 } from 'openapi-types';

const REQUIRED_HEADERS = 'x-petsage-required-headers';

/** The route-schema entry that lists headers, by name, as required in the document. */
export const requiredInDocument = (...headers: string[]): { readonly [REQUIRED_HEADERS]: readonly string[] } => ({
  [REQUIRED_HEADERS]: headers.map((name) => name.toLowerCase()),
});

/** Marks the header parameters the operation's route lists as required, and removes the list. */
export function requireListedHeaders(operation: OpenAPIV3_1.OperationObject): void {
  const listed = (operation as Record<string, unknown>)[REQUIRED_HEADERS];
  if (!Array.isArray(listed)) return;
  Reflect.deleteProperty(operation, REQUIRED_HEADERS);
  for (const parameter of (operation.parameters ?? []) as OpenAPIV3_1.ParameterObject[]) {
    if (parameter.in === 'header' && listed.includes(parameter.name.toLowerCase())) parameter.required = true;
  }
}
