import type { AddressInfo } from 'node:net';
import { unauthenticatedError } from '@home-affairs/identity';
import { createLogger } from '@home-affairs/service';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminRouter } from './createAdminRouter.ts';
import { createRateLimits } from './createRateLimits.ts';
import type { RevocationList } from './createRevocationList.ts';
import type { TokenVerifier } from './createTokenVerifier.ts';
import { identityOf } from './testing/securityPluginHarness.ts';

/** Accepts the tokens `researcher` and `admin` as those roles'; refuses every other one. */
const verifier: TokenVerifier = {
  async verify(token) {
    if (token !== 'researcher' && token !== 'admin') throw unauthenticatedError('Not valid.');
    return {
      identity: identityOf(token),
      revocationId: token,
      expiresAt: new Date(Date.now() + 60_000),
    };
  },
};
let url: string;
let close: () => Promise<void>;

beforeAll(async () => {
  const app = express();
  app.use(
    createAdminRouter({
      verifier,
      rateLimits: createRateLimits({ perTokenPerMinute: 100, perAddressPerMinute: 100 }),
      revocations: {} as RevocationList,
      bodyLimit: '1kb',
      logger: createLogger('admin-router-test', 'silent'),
    }),
  );
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});

afterAll(async () => {
  await close?.();
});

const call = async (path: string, token?: string, init: RequestInit = {}) => {
  const response = await fetch(`${url}${path}`, {
    ...init,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...init.headers },
  });
  const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
  return { status: response.status, code: body.errors?.[0]?.extensions?.code, body };
};

describe('createAdminRouter', () => {
  it('asks for a bearer token, and admin routes for an admin', async () => {
    expect(await call('/usage')).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(await call('/usage', 'forged')).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(await call('/admin/tokens', 'researcher')).toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
    });
  });

  it('answers 503 or an empty list without the gateway database', async () => {
    expect(await call('/usage', 'researcher')).toMatchObject({
      status: 503,
      code: 'AUDIT_UNAVAILABLE',
    });
    expect(await call('/admin/audit/verify', 'admin')).toMatchObject({
      status: 503,
      code: 'AUDIT_UNAVAILABLE',
    });
    expect(await call('/admin/tokens', 'admin')).toMatchObject({ status: 200, body: [] });
  });

  it('refuses an admin write that is not JSON, or not JSON that parses', async () => {
    const post = (body: string, contentType: string) =>
      call('/admin/revocations', 'admin', {
        method: 'POST',
        body,
        headers: { 'content-type': contentType },
      });
    expect(await post('{"id":"x"}', 'text/plain')).toMatchObject({
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    });
    expect(await post('{"id":', 'application/json')).toMatchObject({
      status: 400,
      code: 'BAD_REQUEST',
    });
    expect(await post(JSON.stringify({ id: 'x'.repeat(2_000) }), 'application/json')).toMatchObject(
      { status: 413, code: 'PAYLOAD_TOO_LARGE' },
    );
  });
});
