import { createHash } from 'node:crypto';
import express from 'express';
import { describe, expect, it } from 'vitest';
import type { TrustedDocumentRegistry } from './loadTrustedDocuments.ts';
import { identityOf, refusalOf, sendThrough, stateOf } from './testing/securityPluginHarness.ts';
import { useTrustedDocuments } from './useTrustedDocuments.ts';

const reviewed = '{ units { code } }';
const hash = createHash('sha256').update(reviewed).digest('hex');
/** One manifest holding `reviewed`, binding the client `web`. */
const trustedDocuments: TrustedDocumentRegistry = {
  bodyOf: (candidate) => (candidate === hash ? reviewed : undefined),
  binds: (clientName) => clientName === 'web',
  allows: (clientName, candidate) => clientName === 'web' && candidate === hash,
  sets: [],
};
const trusted = useTrustedDocuments({ trustedDocuments });
const post = (body: unknown) =>
  sendThrough(
    trusted,
    { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    [express.json()],
  );
const persisted = (persistedQuery: unknown, query?: string) => ({
  query,
  extensions: { persistedQuery },
});

describe('useTrustedDocuments on the request', () => {
  it('fills in the reviewed text of a document sent by its hash alone', async () => {
    const answer = await post(persisted({ version: 1, sha256Hash: hash }));
    expect(answer.body.passed?.body).toMatchObject({ query: reviewed });
    // An unknown hash is left to Apollo Server (PERSISTED_QUERY_NOT_FOUND).
    const unknown = await post(persisted({ version: 1, sha256Hash: '0'.repeat(64) }));
    expect(unknown.status).toBe(200);
    expect(unknown.body.passed?.body).not.toHaveProperty('query');
  });

  it('refuses a malformed persistedQuery extension with its code', async () => {
    for (const [body, code] of [
      [persisted('x'), 'BAD_REQUEST'],
      [persisted({ version: 2, sha256Hash: hash }), 'PERSISTED_QUERY_NOT_SUPPORTED'],
      [persisted({ version: 1, sha256Hash: 5 }), 'BAD_REQUEST'],
      [persisted({ version: 1, sha256Hash: hash }, '{ units { name } }'), 'BAD_REQUEST'],
    ] as const) {
      const answer = await post(body);
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe(code);
    }
  });
});

describe('useTrustedDocuments on the operation', () => {
  const researcher = identityOf('researcher');

  it('runs only reviewed documents for a client a manifest binds', async () => {
    const web = stateOf(researcher, { clientName: 'web' });
    expect(await refusalOf(trusted, '{ units { name } }', { security: web })).toBe(
      'TRUSTED_DOCUMENT_REQUIRED',
    );
    expect(await refusalOf(trusted, reviewed, { security: web, queryHash: hash })).toBeUndefined();
  });

  it('lets other clients send their own documents', async () => {
    for (const clientName of ['notebook', undefined]) {
      expect(
        await refusalOf(trusted, '{ units { name } }', {
          security: stateOf(researcher, { clientName }),
        }),
      ).toBeUndefined();
    }
  });
});
