import type { JWK } from 'jose';
import { type LocalKeyPair, localKeyPair } from './localKeyPair.ts';

/**
 * A key from the environment variable `variable`, else (outside production only) one half of the
 * development key pair `keyName` kept in `<dataRoot>/keys`, so that local processes trust each
 * other with no configuration. Throws in production when the variable is not set.
 */
export async function keyFromEnv(
  env: NodeJS.ProcessEnv,
  variable: string,
  dataRoot: string,
  keyName: string,
  half: keyof LocalKeyPair,
): Promise<string | JWK> {
  const key = env[variable];
  if (key) return key;
  if (env.NODE_ENV === 'production') throw new Error(`${variable} is required in production`);
  return (await localKeyPair(`${dataRoot}/keys`, keyName))[half];
}
