import { exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { createForwardedIdentityReader } from './createForwardedIdentityReader.ts';
import { createForwardedIdentitySigner } from './createForwardedIdentitySigner.ts';
import { forwardedIdentityHeader } from './forwardedIdentityClaims.ts';
import { anonymousIdentity, type Identity } from './scopesForRole.ts';

const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
const privateKey = await exportJWK(pair.privateKey);
const publicKey = await exportJWK(pair.publicKey);
const writer: Identity = {
  subject: 'ministry-of-home-affairs',
  role: 'writer',
  subgraph: 'units',
  province: '40',
  scopes: ['read:public', 'write:units'],
  tokenId: 'abc',
};

describe('forwarded identity', () => {
  const signer = createForwardedIdentitySigner({ privateKey });
  const read = createForwardedIdentityReader({ subgraph: 'units', publicKey });

  it('round-trips an identity for the subgraph it was signed for', async () => {
    const token = await signer.sign(writer, 'units');
    await expect(read({ [forwardedIdentityHeader]: token })).resolves.toEqual(writer);
  });

  it('reuses a signed token while it is fresh', async () => {
    expect(await signer.sign(writer, 'units')).toBe(await signer.sign(writer, 'units'));
  });

  it('refuses a token signed for another subgraph', async () => {
    const token = await signer.sign(writer, 'personnel');
    await expect(read({ [forwardedIdentityHeader]: token })).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('refuses a tampered token', async () => {
    const token = await signer.sign(anonymousIdentity, 'units');
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ role: 'admin', aud: 'units' })).toString(
      'base64url',
    );
    await expect(
      read({ [forwardedIdentityHeader]: `${header}.${forged}.${signature}` }),
    ).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('refuses a token signed by another key', async () => {
    const other = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const forger = createForwardedIdentitySigner({ privateKey: await exportJWK(other.privateKey) });
    const token = await forger.sign(writer, 'units');
    await expect(read({ [forwardedIdentityHeader]: token })).rejects.toThrow(/not valid/);
  });

  it('refuses an expired token', async () => {
    const shortLived = createForwardedIdentitySigner({ privateKey, ttlSeconds: -10 });
    const token = await shortLived.sign(writer, 'units');
    await expect(read({ [forwardedIdentityHeader]: token })).rejects.toThrow(/not valid/);
  });

  it('refuses an unsigned request unless development allows it', async () => {
    await expect(read({})).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    const lenient = createForwardedIdentityReader({
      subgraph: 'units',
      publicKey,
      allowUnsigned: true,
    });
    await expect(lenient({})).resolves.toEqual(anonymousIdentity);
    await expect(lenient({ [forwardedIdentityHeader]: 'garbage' })).rejects.toThrow(/not valid/);
  });
});
