import type { JWTPayload } from 'jose';
import { effectiveScopes, type Identity, isRole, readPublicScope } from './scopesForRole.ts';

/** The header that carries the gateway's signed identity to a subgraph. */
export const forwardedIdentityHeader = 'x-gateway-identity';

/** The `iss` of every identity the gateway forwards. */
export const forwardedIdentityIssuer = 'home-affairs-gateway';

/** The JWT claims that carry an identity from the gateway to a subgraph. */
export function identityClaims(identity: Identity): JWTPayload {
  return {
    role: identity.role,
    scope: identity.scopes.join(' '),
    ...(identity.subject === null ? {} : { sub: identity.subject }),
    ...(identity.subgraph ? { subgraph: identity.subgraph } : {}),
    ...(identity.province ? { province: identity.province } : {}),
    ...(identity.tokenId ? { tid: identity.tokenId } : {}),
  };
}

/**
 * Rebuilds an identity from verified forwarded claims, narrowing scopes to the role's again so
 * that a subgraph never trusts more than the model allows.
 */
export function identityFromClaims(payload: JWTPayload): Identity | undefined {
  const { role } = payload;
  if (!isRole(role)) return undefined;
  const subgraph = typeof payload.subgraph === 'string' ? payload.subgraph : undefined;
  const claimed = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
  return {
    subject: role === 'anonymous' ? null : (payload.sub ?? null),
    role,
    scopes: effectiveScopes(role, subgraph, claimed.length > 0 ? claimed : [readPublicScope]),
    subgraph,
    province: typeof payload.province === 'string' ? payload.province : undefined,
    tokenId: typeof payload.tid === 'string' ? payload.tid : undefined,
  };
}
