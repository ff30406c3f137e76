/**
 * The gateway's security layer (docs/security.md). `createSecurity` is the one entry point for
 * createGateway; the rest is exported for the token and audit commands and for tests.
 */

export {
  connectGatewayAdmin,
  type GatewayAdmin,
  issuerPrivateKeyFromEnv,
} from './connectGatewayAdmin.ts';
export type { AuditEntry, AuditLog } from './createAuditLog.ts';
export {
  createRevocationList,
  databaseRevocationSource,
  memoryRevocationSource,
  type RevocationList,
  type RevocationSource,
  redisRevocationSource,
} from './createRevocationList.ts';
export {
  createSecurity,
  gatewayMigrationsFolder,
  type Security,
  type SecurityDependencies,
} from './createSecurity.ts';
export {
  createTokenVerifier,
  revocationIdOf,
  revocationTarget,
  type TokenVerifier,
} from './createTokenVerifier.ts';
export { securityTables } from './db/schema.ts';
export { type IssuedTokenResult, type IssueTokenOptions, issueToken } from './issueToken.ts';
export { type PreparedSupergraph, prepareSupergraph } from './prepareSupergraph.ts';
export type { RequestSecurity, SecurityContext } from './requestSecurity.ts';
export {
  defaultLimits,
  type IntrospectionPolicy,
  type OperationLimits,
  type SecurityConfig,
  securityConfigFromEnv,
  tokenIssuerKeyName,
} from './securityConfigFromEnv.ts';
export {
  listIssuedTokens,
  recordIssuedToken,
  type TokenRecord,
} from './tokenRegistry.ts';
export { type AuditChainReport, verifyAuditChain } from './verifyAuditChain.ts';
