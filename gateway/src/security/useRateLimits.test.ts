import type { RequestHandler } from 'express';
import { describe, expect, it } from 'vitest';
import { createRateLimits } from './createRateLimits.ts';
import { setRequestSecurity } from './requestSecurity.ts';
import { identityOf, sendThrough, stateOf } from './testing/securityPluginHarness.ts';
import { useRateLimits } from './useRateLimits.ts';

/** Stands for useAuthentication: a researcher's token `token-1`, or an anonymous caller. */
const authenticatedAs =
  (revocationId?: string): RequestHandler =>
  (_request, response, next) => {
    const identity = identityOf(revocationId ? 'researcher' : 'anonymous');
    setRequestSecurity(response, stateOf(identity, { revocationId }));
    next();
  };

describe('useRateLimits', () => {
  it('counts each request against its token and its address, and answers 429 with Retry-After', async () => {
    const limits = useRateLimits({
      rateLimits: createRateLimits({ perTokenPerMinute: 1, perAddressPerMinute: 3 }),
    });
    const send = (token?: string) =>
      sendThrough(limits, { method: 'GET', path: '/graphql' }, [authenticatedAs(token)]);
    expect((await send('token-1')).status).toBe(200);
    const overToken = await send('token-1');
    expect(overToken.status).toBe(429);
    expect(overToken.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(Number(overToken.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Another caller from the same address: its limit is the address's, three a minute.
    expect((await send()).status).toBe(200);
    const overAddress = await send();
    expect(overAddress.status).toBe(429);
    expect(overAddress.body.errors?.[0]?.message).toMatch(/for this address/);
  });

  it('fails closed without the state useAuthentication makes', async () => {
    const limits = useRateLimits({
      rateLimits: createRateLimits({ perTokenPerMinute: 10, perAddressPerMinute: 10 }),
    });
    const answer = await sendThrough(limits, { method: 'GET', path: '/graphql' });
    expect(answer.status).toBe(500);
    expect(answer.body.passed).toBeUndefined();
  });
});
