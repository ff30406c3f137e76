import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@home-affairs/service';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRevocationList, memoryRevocationSource } from './createRevocationList.ts';
import { createTokenVerifier } from './createTokenVerifier.ts';

const issuer = 'https://id.example.test';
const audience = 'home-affairs-graph';
let jwksServer: Server;
let jwksUrl: string;
let providerKey: CryptoKey;
let jwksRequests = 0;

beforeAll(async () => {
  // An identity provider as the gateway meets it in production: RS256 keys published as JWKS.
  const pair = await generateKeyPair('RS256', { extractable: true });
  providerKey = pair.privateKey;
  const publicJwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'provider-1', alg: 'RS256' };
  jwksServer = createServer((_request, response) => {
    jwksRequests += 1;
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ keys: [publicJwk] }));
  });
  jwksServer.listen(0, '127.0.0.1');
  await once(jwksServer, 'listening');
  jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/.well-known/jwks.json`;
});

afterAll(() => jwksServer?.close());

function sign(key: CryptoKey, claims: Record<string, unknown>, kid = 'provider-1') {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid })
    .setIssuer(issuer)
    .setAudience(audience)
    .setSubject('researcher-7')
    .setJti(crypto.randomUUID())
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(key);
}

describe('createTokenVerifier with a JWKS URL', () => {
  it('verifies tokens of the identity provider and refuses others', async () => {
    const revocations = await createRevocationList({
      source: memoryRevocationSource(),
      logger: createLogger('test', 'silent'),
    });
    try {
      const verifier = createTokenVerifier({ issuer, audience, jwksUrl, revocations });
      const verified = await verifier.verify(await sign(providerKey, { role: 'researcher' }));
      expect(verified.identity).toMatchObject({ role: 'researcher', subject: 'researcher-7' });
      expect(jwksRequests).toBeGreaterThan(0);

      const stranger = (await generateKeyPair('RS256')).privateKey;
      await expect(
        verifier.verify(await sign(stranger, { role: 'researcher' })),
      ).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
      await expect(
        verifier.verify(await sign(providerKey, { role: 'researcher' }, 'unknown-key')),
      ).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    } finally {
      revocations.close();
    }
  });
});
