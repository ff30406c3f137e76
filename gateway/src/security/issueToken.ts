import { randomUUID } from 'node:crypto';
import {
  effectiveScopes,
  importKey,
  isProvinceCode,
  isSubgraphName,
  type Role,
} from '@home-affairs/identity';
import { decodeJwt, type JWK, SignJWT } from 'jose';

/** What a new token says about its holder. */
export interface IssueTokenOptions {
  role: Exclude<Role, 'anonymous'>;
  /** Who holds it: a person, an application or a ministry account (`sub`). */
  subject: string;
  /** The subgraph a ministry writer writes to; required for writers, refused for others. */
  subgraph?: string | undefined;
  /** Province code a ministry writer is restricted to. */
  province?: string | undefined;
  /**
   * Lifetime, in jose's notation (`30d`, `12h`).
   * @default '30d'
   */
  expiresIn?: string;
  issuer: string;
  audience: string;
  /** The issuer's private key (JWK or PKCS #8 PEM); EdDSA unless the JWK says otherwise. */
  privateKey: string | JWK;
}

/** A new token and what it grants. */
export interface IssuedTokenResult {
  token: string;
  id: string;
  scopes: string[];
  issuedAt: Date;
  expiresAt: Date;
}

/**
 * Signs a bearer token the gateway accepts. The scopes are the role's (see `scopesForRole`) and
 * are written into the standard `scope` claim, so engines that enforce `@requiresScopes`
 * natively read the same token.
 */
export async function issueToken(options: IssueTokenOptions): Promise<IssuedTokenResult> {
  const { role, subgraph, province } = options;
  if (role === 'writer' && !subgraph) throw new Error('A ministry writer needs --subgraph');
  if (role !== 'writer' && (subgraph || province)) {
    throw new Error('--subgraph and --province apply to ministry writers only');
  }
  if (subgraph && !isSubgraphName(subgraph)) throw new Error('--subgraph must be a subgraph name');
  if (province && !isProvinceCode(province)) throw new Error('--province must be two digits');
  if (!options.subject.trim()) throw new Error('A token needs a subject');
  const scopes = effectiveScopes(role, subgraph, undefined);
  const id = randomUUID();
  const key = await importKey(options.privateKey);
  const algorithm =
    typeof options.privateKey === 'string' ? 'EdDSA' : (options.privateKey.alg ?? 'EdDSA');
  const kid = typeof options.privateKey === 'string' ? undefined : options.privateKey.kid;
  const token = await new SignJWT({
    role,
    scope: scopes.join(' '),
    ...(subgraph ? { subgraph } : {}),
    ...(province ? { province } : {}),
  })
    .setProtectedHeader({ alg: algorithm, typ: 'JWT', ...(kid ? { kid } : {}) })
    .setSubject(options.subject)
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setJti(id)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '30d')
    .sign(key);
  const { iat, exp } = decodeJwt(token) as { iat: number; exp: number };
  return {
    token,
    id,
    scopes,
    issuedAt: new Date(iat * 1000),
    expiresAt: new Date(exp * 1000),
  };
}
