import { type JWK, SignJWT } from 'jose';
import { forwardedIdentityIssuer, identityClaims } from './forwardedIdentityClaims.ts';
import { type CryptoKeyLike, importKey } from './importKey.ts';
import type { Identity } from './scopesForRole.ts';

/** How the gateway signs the identity it forwards. */
export interface ForwardedIdentitySignerOptions {
  /** Ed25519 private key: JWK (object or JSON) or PKCS #8 PEM. */
  privateKey: string | JWK;
  /**
   * Lifetime of a forwarded identity; short, since it is minted for one request's fetches.
   * @default 60
   */
  ttlSeconds?: number;
}

/** Signs identities into the header value a subgraph accepts. */
export interface ForwardedIdentitySigner {
  /** A signed token for one subgraph (its name is the audience, so it is useless elsewhere). */
  sign(identity: Identity, subgraph: string): Promise<string>;
}

/**
 * Creates the gateway's signer. EdDSA rather than a shared HMAC secret: subgraphs hold only the
 * public key, so a compromised subgraph cannot mint identities for the others. A signed token is
 * reused for the same identity and subgraph while more than half its lifetime remains, which
 * takes signing off the hot path.
 */
export function createForwardedIdentitySigner(
  options: ForwardedIdentitySignerOptions,
): ForwardedIdentitySigner {
  const ttl = options.ttlSeconds ?? 60;
  let key: Promise<CryptoKeyLike> | undefined;
  const kid = typeof options.privateKey === 'string' ? undefined : options.privateKey.kid;
  const cache = new Map<string, { token: string; renewAt: number }>();
  return {
    async sign(identity, subgraph) {
      const claims = identityClaims(identity);
      const cacheKey = `${subgraph}\n${JSON.stringify(claims)}`;
      const now = Date.now();
      const cached = cache.get(cacheKey);
      if (cached && cached.renewAt > now) return cached.token;
      key ??= importKey(options.privateKey);
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'EdDSA', ...(kid ? { kid } : {}) })
        .setIssuer(forwardedIdentityIssuer)
        .setAudience(subgraph)
        .setIssuedAt()
        .setExpirationTime(Math.floor(now / 1000) + ttl)
        .sign(await key);
      // Bounded: identities are few (one per live token); a flood of distinct ones just resets.
      if (cache.size >= 10_000) cache.clear();
      cache.set(cacheKey, { token, renewAt: now + (ttl * 1000) / 2 });
      return token;
    },
  };
}
