import { createHash } from 'node:crypto';
import {
  effectiveScopes,
  type Identity,
  importKey,
  isProvinceCode,
  isRole,
  isSubgraphName,
  unauthenticatedError,
} from '@home-affairs/identity';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  errors,
  type JSONWebKeySet,
  type JWK,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';
import { type RevocationList, RevocationListStaleError } from './createRevocationList.ts';

/** A verified bearer token. */
export interface VerifiedToken {
  identity: Identity;
  /** The id revocation names: `jti`, or a hash of the token when it has none. */
  revocationId: string;
  expiresAt: Date;
}

/** Verifies bearer tokens: signature, expiry, issuer, audience, claims and revocation. */
export interface TokenVerifier {
  /** Throws `UNAUTHENTICATED` (never echoing the token) when the token is not acceptable. */
  verify(token: string): Promise<VerifiedToken>;
}

/** How to verify tokens. */
export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  /** Issuer public key (JWK, JWK set as JSON, or SPKI PEM). One of this or `jwksUrl`. */
  publicKey?: string | JWK | undefined;
  /** JWKS URL of an identity provider. */
  jwksUrl?: string | undefined;
  /** @default 5 */
  clockToleranceSeconds?: number;
  revocations: RevocationList;
}

/** Asymmetric algorithms only: a symmetric one would let anyone holding the key mint tokens. */
const algorithms = ['EdDSA', 'Ed25519', 'ES256', 'ES384', 'RS256', 'PS256'];

/** The id under which a token is revoked: its `jti`, or the SHA-256 of the token itself. */
function revocationIdOf(token: string, payload: JWTPayload | undefined): string {
  if (typeof payload?.jti === 'string' && payload.jti) return payload.jti;
  return `sha256:${createHash('sha256').update(token).digest('hex')}`;
}

/**
 * Creates the gateway's verifier. Signature checks are cached per token until it expires (at most
 * a minute), since one client sends the same token many times; the revocation check is not
 * cached: it is a lookup in the replica's in-memory revocation set on every request.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  let keys: JWTVerifyGetKey | Promise<Awaited<ReturnType<typeof importKey>>>;
  if (options.jwksUrl) keys = createRemoteJWKSet(new URL(options.jwksUrl));
  else if (!options.publicKey) throw new Error('A token verifier needs a public key or a JWKS URL');
  else {
    const key = options.publicKey;
    const parsed = typeof key === 'string' && key.trim().startsWith('{') ? JSON.parse(key) : key;
    keys =
      typeof parsed === 'object' && Array.isArray((parsed as JSONWebKeySet).keys)
        ? createLocalJWKSet(parsed as JSONWebKeySet)
        : importKey(parsed as string | JWK);
  }
  const verifyOptions = {
    issuer: options.issuer,
    audience: options.audience,
    algorithms,
    clockTolerance: options.clockToleranceSeconds ?? 5,
    requiredClaims: ['exp', 'sub'],
  };
  const cache = new Map<string, { verified: VerifiedToken; until: number }>();

  const verifySignature = async (token: string): Promise<VerifiedToken> => {
    const cached = cache.get(token);
    if (cached && cached.until > Date.now()) return cached.verified;
    let payload: JWTPayload;
    try {
      ({ payload } =
        typeof keys === 'function'
          ? await jwtVerify(token, keys, verifyOptions)
          : await jwtVerify(token, await keys, verifyOptions));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw unauthenticatedError('The token has expired.');
      if (error instanceof errors.JOSEError) throw unauthenticatedError('The token is not valid.');
      throw error;
    }
    const verified: VerifiedToken = {
      identity: identityOf(payload),
      revocationId: revocationIdOf(token, payload),
      expiresAt: new Date(payload.exp! * 1000),
    };
    if (cache.size >= 10_000) cache.clear();
    cache.set(token, {
      verified,
      until: Math.min(verified.expiresAt.getTime(), Date.now() + 60_000),
    });
    return verified;
  };

  return {
    async verify(token) {
      const verified = await verifySignature(token);
      let revoked: boolean;
      try {
        revoked = options.revocations.isRevoked(verified.revocationId);
      } catch (error) {
        if (error instanceof RevocationListStaleError) throw unauthenticatedError(error.message);
        throw error;
      }
      if (revoked) throw unauthenticatedError('The token has been revoked.');
      return verified;
    },
  };
}

function identityOf(payload: JWTPayload): Identity {
  const { role } = payload;
  if (!isRole(role) || role === 'anonymous') {
    throw unauthenticatedError('The token names no role this graph knows.');
  }
  const subgraph = typeof payload.subgraph === 'string' ? payload.subgraph : undefined;
  const province = typeof payload.province === 'string' ? payload.province : undefined;
  if (role === 'writer' && (!subgraph || !isSubgraphName(subgraph))) {
    throw unauthenticatedError('A ministry writer token must name its subgraph.');
  }
  if (province !== undefined && (role !== 'writer' || !isProvinceCode(province))) {
    throw unauthenticatedError('The token has a malformed province restriction.');
  }
  const claimed = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
  return {
    subject: payload.sub!,
    role,
    scopes: effectiveScopes(role, subgraph, claimed),
    subgraph: role === 'writer' ? subgraph : undefined,
    province,
    tokenId: typeof payload.jti === 'string' ? payload.jti : undefined,
  };
}

/**
 * What `pnpm tokens revoke` names: a token id as given, or for a whole token (three dot-separated
 * parts) its revocation id and expiry, read without verifying it (revoking is always safe).
 */
export function revocationTarget(target: string): { id: string; expiresAt?: Date | undefined } {
  if (target.split('.').length !== 3) return { id: target };
  const payload = decodeJwt(target);
  return {
    id: revocationIdOf(target, payload),
    expiresAt: typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : undefined,
  };
}
