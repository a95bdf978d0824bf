/**
 * Schemas of the smoke test feature (v1). Each schema is at once the TypeScript type, the response
 * serializer and the OpenAPI schema, as the pydantic models are in the FastAPI original.
 */
import Type from 'typebox';

export const smokeTestExample = {
  status: 'ok',
  feature: 'smoke_test',
  message: 'PetSage Backend is up and running!',
} as const;

/** The successful response of the smoke test endpoint. */
export const SmokeTestResponse = Type.Object(
  {
    status: Type.String({
      maxLength: 32,
      pattern: '^[a-z_]+$',
      description: 'The operational status of the service.',
      examples: [smokeTestExample.status],
    }),
    feature: Type.String({
      maxLength: 64,
      pattern: '^[a-z][a-z0-9_]*$',
      description: 'The name of the feature being verified.',
      examples: [smokeTestExample.feature],
    }),
    message: Type.String({
      // One line of printable text, as long as the builder accepts a description.
      maxLength: 300,
      pattern: '^[^\\u0000-\\u001F\\u007F]*$',
      description: 'A confirmation message from the service.',
      examples: [smokeTestExample.message],
    }),
  },
  {
    additionalProperties: false,
    description: 'Defines the successful response structure for the smoke test endpoint.',
    examples: [smokeTestExample],
  },
);

export type SmokeTestResponse = Type.Static<typeof SmokeTestResponse>;
