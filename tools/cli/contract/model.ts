/**
 * A version's public contract: what a client of that version may rely on, read from its OpenAPI document
 * and normalised (references resolved, prose and examples dropped, keys sorted) so that a snapshot changes
 * only when the contract does. Paths are relative to the version prefix (`/smoke_test/`, not
 * `/v1/smoke_test/`), so that two versions of a feature compare operation by operation.
 */

/** A JSON Schema as the OpenAPI document gives it (OpenAPI 3.1: JSON Schema 2020-12). */
export type Schema = { readonly [keyword: string]: unknown };

export interface Parameter {
  readonly in: string;
  readonly name: string;
  readonly required: boolean;
  readonly schema: Schema;
}

export interface ResponseContract {
  /** Media type -> body schema. */
  readonly content: Readonly<Record<string, Schema>>;
  /** Header name (lower case) -> schema. */
  readonly headers: Readonly<Record<string, Schema>>;
}

export interface OperationContract {
  readonly parameters: readonly Parameter[];
  readonly requestBody?: { readonly required: boolean; readonly content: Readonly<Record<string, Schema>> };
  /** Status code -> response. */
  readonly responses: Readonly<Record<string, ResponseContract>>;
  /** OpenAPI security requirements; `[]` for a public operation. */
  readonly security: readonly Readonly<Record<string, readonly string[]>>[];
}

export interface Contract {
  readonly feature: string;
  readonly version: number;
  /** "GET /smoke_test/" -> operation. */
  readonly operations: Readonly<Record<string, OperationContract>>;
}
