import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

/** An Ed25519 key pair as JWKs, the private one with its `kid`. */
export interface LocalKeyPair {
  privateJwk: JWK;
  publicJwk: JWK;
}

/**
 * Returns the development key pair `name` kept in `directory` (`.data/keys`, git-ignored),
 * generating it the first time. Several processes may start at once (gateway and subgraphs), so
 * the file is written aside and hard-linked into place: exactly one generated pair wins and every
 * process reads that one. Production never calls this: keys come from the environment.
 */
export async function localKeyPair(directory: string, name: string): Promise<LocalKeyPair> {
  const path = join(directory, `${name}.json`);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LocalKeyPair;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', {
    crv: 'Ed25519',
    extractable: true,
  });
  const kid = `${name}-${randomBytes(4).toString('hex')}`;
  const pair: LocalKeyPair = {
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'EdDSA' },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA' },
  };
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temporary, JSON.stringify(pair, null, 2), { mode: 0o600 });
  try {
    linkSync(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
  return JSON.parse(readFileSync(path, 'utf8')) as LocalKeyPair;
}
