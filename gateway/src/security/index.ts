/**
 * The gateway's security layer (docs/security.md). `createSecurity` is the one entry point for
 * createGateway; the rest is exported for the token and audit commands. Tests import the modules
 * they exercise directly.
 */

export {
  connectGatewayAdmin,
  type GatewayAdmin,
  issuerPrivateKeyFromEnv,
} from './connectGatewayAdmin.ts';
export type { AuditEntry, AuditLog } from './createAuditLog.ts';
export type { RevocationList, RevocationSource } from './createRevocationList.ts';
export { createSecurity, type Security, type SecurityDependencies } from './createSecurity.ts';
export { revocationTarget, type TokenVerifier } from './createTokenVerifier.ts';
export { securityTables } from './db/schema.ts';
export { type IssuedTokenResult, type IssueTokenOptions, issueToken } from './issueToken.ts';
export {
  type PreparedSupergraph,
  prepareSupergraph,
  refuseUnannotatedRootFields,
  type UnannotatedRootFields,
} from './prepareSupergraph.ts';
export {
  defaultLimits,
  type IntrospectionPolicy,
  type OperationLimits,
  type SecurityConfig,
  securityConfigFromEnv,
  tokenIssuerFromEnv,
  unannotatedRootFieldsFromEnv,
} from './securityConfigFromEnv.ts';
export type { TokenRecord } from './tokenRegistry.ts';
export type { AuditChainReport } from './verifyAuditChain.ts';
