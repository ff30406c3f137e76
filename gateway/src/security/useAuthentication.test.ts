import { unauthenticatedError } from '@home-affairs/identity';
import { createLogger } from '@home-affairs/service';
import { describe, expect, it } from 'vitest';
import type { TokenVerifier } from './createTokenVerifier.ts';
import {
  identityOf,
  refusalOf,
  resolveOperation,
  sendThrough,
  stateOf,
} from './testing/securityPluginHarness.ts';
import { useAuthentication } from './useAuthentication.ts';

const researcher = identityOf('researcher');
/** Accepts the token `good` as a researcher's; refuses every other one. */
const verifier: TokenVerifier = {
  async verify(token) {
    if (token !== 'good') throw unauthenticatedError('The token is not valid.');
    return {
      identity: researcher,
      revocationId: 'token-1',
      expiresAt: new Date(Date.now() + 60_000),
    };
  },
};
const authentication = useAuthentication({
  verifier,
  logger: createLogger('use-authentication-test', 'silent'),
});
const get = (headers: Record<string, string>) =>
  sendThrough(authentication, { method: 'GET', path: '/graphql', headers });

describe('useAuthentication on the request', () => {
  it('makes the state of an anonymous caller, a verified one, and a refused token', async () => {
    const anonymous = await get({ 'apollographql-client-name': 'x'.repeat(150) });
    expect(anonymous.body.passed?.security).toMatchObject({
      identity: { role: 'anonymous' },
      address: '127.0.0.1',
      clientName: 'x'.repeat(100),
    });
    const verified = await get({ authorization: 'Bearer good' });
    expect(verified.body.passed?.security).toMatchObject({
      identity: { role: 'researcher' },
      revocationId: 'token-1',
    });
    expect(verified.body.passed?.security).not.toHaveProperty('identityError');
    for (const authorization of ['Bearer bad', 'Basic Z29vZA==', 'Bearer']) {
      const refused = await get({ authorization });
      // Passed on, with the error the operation stage answers: never anonymous instead.
      expect(refused.status).toBe(200);
      expect(refused.body.passed?.security?.identityError).toMatchObject({
        extensions: { code: 'UNAUTHENTICATED' },
      });
    }
  });
});

describe('useAuthentication on the operation', () => {
  it('refuses a request whose token was not acceptable, whatever it asks', async () => {
    const refused = stateOf(identityOf('anonymous'), {
      identityError: unauthenticatedError('The token is not valid.'),
    });
    expect(await refusalOf(authentication, '{ __typename }', { security: refused })).toBe(
      'UNAUTHENTICATED',
    );
    await expect(
      resolveOperation(authentication, '{ __typename }', { security: stateOf(researcher) }),
    ).resolves.toBeUndefined();
  });

  it('fails closed when the request has no security state', async () => {
    expect(await refusalOf(authentication, '{ __typename }')).toBe('INTERNAL_SERVER_ERROR');
  });
});
