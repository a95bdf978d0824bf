/**
 * The `bearerAuth` security scheme of the OpenAPI documents. It is HTTP bearer with JWTs even when an
 * issuer is configured: Swagger UI's Authorize dialog then takes a pasted access token, where an
 * `openIdConnect` scheme would ask for an OAuth client of the issuer's instead. The description names
 * the issuer and audience a token must come from.
 */
import type { OpenAPIV3_1 } from 'openapi-types';
import { isProduction, type Settings } from '../../config.js';
import { DEV_ISSUER } from './dev-keys.js';

export function bearerSecurityScheme(settings: Settings): OpenAPIV3_1.HttpSecurityScheme {
  const issuer =
    settings.AUTH_ISSUER !== '' || isProduction(settings) ? settings.AUTH_ISSUER : `${DEV_ISSUER} (npx petsage token)`;
  return {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      `A JWT access token issued by ${issuer} for the audience ${settings.AUTH_AUDIENCE}, verified as RFC8725 ` +
      '(JSON Web Token Best Current Practices) says; the scopes an operation lists in its security must be among its claims.',
  };
}
