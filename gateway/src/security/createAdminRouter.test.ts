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

/** Expects the answer of `answering` to be refused with `status` and an error of `code`. */
async function expectError(answering: ReturnType<typeof call>, status: number, code: string) {
  expect(await answering).toMatchObject({ status, code });
}

describe('createAdminRouter', () => {
  it('asks for a bearer token, and admin routes for an admin', async () => {
    await expectError(call('/usage'), 401, 'UNAUTHENTICATED');
    await expectError(call('/usage', 'forged'), 401, 'UNAUTHENTICATED');
    await expectError(call('/admin/tokens', 'researcher'), 403, 'FORBIDDEN');
  });

  it('answers 503 or an empty list without the gateway database', async () => {
    await expectError(call('/usage', 'researcher'), 503, 'AUDIT_UNAVAILABLE');
    await expectError(call('/admin/audit/verify', 'admin'), 503, 'AUDIT_UNAVAILABLE');
    expect(await call('/admin/tokens', 'admin')).toMatchObject({ status: 200, body: [] });
  });

  it('refuses an admin write that is not JSON, or not JSON that parses', async () => {
    const post = (body: string, contentType: string) =>
      call('/admin/revocations', 'admin', {
        method: 'POST',
        body,
        headers: { 'content-type': contentType },
      });
    await expectError(post('{"id":"x"}', 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await expectError(post('{"id":', 'application/json'), 400, 'BAD_REQUEST');
    const tooLarge = JSON.stringify({ id: 'x'.repeat(2_000) });
    await expectError(post(tooLarge, 'application/json'), 413, 'PAYLOAD_TOO_LARGE');
  });
});
