import type { IncomingHttpHeaders } from 'node:http';
import { errors, type JWK, jwtVerify } from 'jose';
import { unauthenticatedError } from './authorizationErrors.ts';
import {
  forwardedIdentityHeader,
  forwardedIdentityIssuer,
  identityFromClaims,
} from './forwardedIdentityClaims.ts';
import { type CryptoKeyLike, importKey } from './importKey.ts';
import { keyFromEnv } from './keyFromEnv.ts';
import { anonymousIdentity, type Identity } from './scopesForRole.ts';

/** How a subgraph checks the identity the gateway forwards. */
export interface ForwardedIdentityReaderOptions {
  /** This subgraph's name: the audience the gateway signed for. */
  subgraph: string;
  /** The gateway's Ed25519 public key: JWK (object or JSON) or SPKI PEM. */
  publicKey: string | JWK;
  /**
   * Treat a request without the header as anonymous instead of refusing it. For local
   * development only (calling a subgraph directly); a header that is present but invalid is
   * refused either way.
   * @default false
   */
  allowUnsigned?: boolean;
  /**
   * Clock skew tolerated between gateway and subgraph hosts.
   * @default 5
   */
  clockToleranceSeconds?: number;
}

/** Reads the caller's identity from a subgraph request's headers; throws `UNAUTHENTICATED`. */
export type ForwardedIdentityReader = (headers: IncomingHttpHeaders) => Promise<Identity>;

/**
 * Creates the subgraph-side check of the gateway's signature. Use it in the subgraph's context
 * function: `identity: await readIdentity(req.headers)`. A request that bypasses the gateway has
 * no valid signature and is refused before any resolver runs.
 */
export function createForwardedIdentityReader(
  options: ForwardedIdentityReaderOptions,
): ForwardedIdentityReader {
  let key: Promise<CryptoKeyLike> | undefined;
  return async (headers) => {
    const header = headers[forwardedIdentityHeader];
    const token = Array.isArray(header) ? header[0] : header;
    if (!token) {
      if (options.allowUnsigned) return anonymousIdentity;
      throw unauthenticatedError('This service only answers requests signed by the gateway.');
    }
    key ??= importKey(options.publicKey);
    try {
      const { payload } = await jwtVerify(token, await key, {
        issuer: forwardedIdentityIssuer,
        audience: options.subgraph,
        algorithms: ['EdDSA'],
        clockTolerance: options.clockToleranceSeconds ?? 5,
        requiredClaims: ['exp'],
      });
      const identity = identityFromClaims(payload);
      if (identity) return identity;
    } catch (error) {
      if (!(error instanceof errors.JOSEError)) throw error;
    }
    throw unauthenticatedError('The gateway identity on this request is not valid.');
  };
}

/**
 * Reads a subgraph's reader options from the environment: `GATEWAY_IDENTITY_PUBLIC_KEY`, else
 * (outside production only) the development key pair in `<dataRoot>/keys`;
 * `ALLOW_UNSIGNED_SUBGRAPH_REQUESTS=true` is refused in production.
 */
export async function forwardedIdentityOptionsFromEnv(
  subgraph: string,
  env: NodeJS.ProcessEnv,
  dataRoot: string,
): Promise<ForwardedIdentityReaderOptions> {
  const production = env.NODE_ENV === 'production';
  const allowUnsigned = env.ALLOW_UNSIGNED_SUBGRAPH_REQUESTS === 'true';
  if (production && allowUnsigned) {
    throw new Error('ALLOW_UNSIGNED_SUBGRAPH_REQUESTS must not be set in production');
  }
  const publicKey = await keyFromEnv(
    env,
    'GATEWAY_IDENTITY_PUBLIC_KEY',
    dataRoot,
    gatewayIdentityKeyName,
    'publicJwk',
  );
  return { subgraph, publicKey, allowUnsigned };
}

/** File name (in `.data/keys`) of the development key pair the gateway signs identities with. */
export const gatewayIdentityKeyName = 'gateway-identity';
