export { forbiddenError, unauthenticatedError } from './authorizationErrors.ts';
export {
  type AuthorizationPluginOptions,
  authorizationPlugin,
  type IdentityContext,
} from './authorizationPlugin.ts';
export {
  createForwardedIdentityReader,
  type ForwardedIdentityReader,
  type ForwardedIdentityReaderOptions,
  forwardedIdentityOptionsFromEnv,
  gatewayIdentityKeyName,
} from './createForwardedIdentityReader.ts';
export {
  createForwardedIdentitySigner,
  type ForwardedIdentitySigner,
  type ForwardedIdentitySignerOptions,
} from './createForwardedIdentitySigner.ts';
export {
  type EnforcementInput,
  enforcePolicies,
  findPolicyViolation,
  type PolicyViolation,
} from './enforcePolicies.ts';
export { forwardedIdentityHeader } from './forwardedIdentityClaims.ts';
export { fragmentsOf } from './fragmentsOf.ts';
export { type CryptoKeyLike, importKey } from './importKey.ts';
export { keyFromEnv } from './keyFromEnv.ts';
export { directiveArguments, linkedDirectiveNames } from './linkedDirectiveNames.ts';
export { type LocalKeyPair, localKeyPair } from './localKeyPair.ts';
export { isRestricted, type Policy, readPolicies, type SchemaPolicies } from './readPolicies.ts';
export {
  type ProvinceScopedAccess,
  personalFieldResolvers,
  requireProvince,
} from './requireProvince.ts';
export {
  adminScope,
  anonymousIdentity,
  effectiveScopes,
  type Identity,
  isProvinceCode,
  isRole,
  isSubgraphName,
  type Role,
  scopesForRole,
  subgraphNames,
} from './scopesForRole.ts';
