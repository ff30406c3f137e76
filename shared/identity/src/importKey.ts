import { importJWK, importPKCS8, importSPKI, type JWK } from 'jose';

/** A key as jose uses it. */
export type CryptoKeyLike = Awaited<ReturnType<typeof importJWK>>;

/**
 * Imports a key given as a JWK (object or JSON text) or as PEM (SPKI for a public key, PKCS #8
 * for a private one), as configuration usually carries it.
 */
export async function importKey(key: string | JWK, algorithm = 'EdDSA'): Promise<CryptoKeyLike> {
  if (typeof key !== 'string') return importJWK(key, key.alg ?? algorithm);
  const text = key.trim();
  if (text.startsWith('{')) {
    const jwk = JSON.parse(text) as JWK;
    return importJWK(jwk, jwk.alg ?? algorithm);
  }
  if (text.includes('BEGIN PUBLIC KEY')) return importSPKI(text, algorithm);
  if (text.includes('BEGIN PRIVATE KEY')) return importPKCS8(text, algorithm);
  throw new Error('A key must be a JWK (JSON) or PEM text');
}
