import { createHash } from 'node:crypto';
import { forwardedIdentityHeader } from '@home-affairs/identity';
import { createLogger } from '@home-affairs/service';
import { startedForTests } from '@home-affairs/testing';
import { sql } from 'drizzle-orm';
import { generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { startAuditedFixtureGraph } from '../testing/startAuditedFixtureGraph.ts';
import { createSecurity } from './createSecurity.ts';
import { securityTables } from './db/schema.ts';
import { issueToken } from './issueToken.ts';
import { errorCodesOf, fixtureIssuer, send } from './testing/startSecuredFixtureGraph.ts';
import { verifyAuditChain } from './verifyAuditChain.ts';

const logger = createLogger('security-test', 'silent');
const { issuer, audience } = fixtureIssuer;
const graph = startedForTests(() => startAuditedFixtureGraph({ logger }));

/** A researcher's token for `subject`, with its id and expiry, issued by the graph's issuer. */
const researcherToken = (subject: string) =>
  issueToken({ role: 'researcher', subject, issuer, audience, privateKey: graph().issuerKey });

describe('through the gateway', () => {
  it('serves public reads to anyone', async () => {
    const answer = await graph().ask('{ units { code name } }');
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data?.units).toHaveLength(3);
  });

  it('refuses writes by anonymous callers and researchers', async () => {
    const write = 'mutation { renameUnit(code: "40", provinceCode: "40", name: "x") { code } }';
    const anonymous = await graph().ask(write);
    expect(anonymous.status).toBe(401);
    expect(errorCodesOf(anonymous)).toEqual(['UNAUTHENTICATED']);
    const researcher = await graph().ask(write, await graph().tokenFor('researcher'));
    expect(researcher.status).toBe(403);
    expect(errorCodesOf(researcher)).toEqual(['FORBIDDEN']);
  });

  it("refuses a ministry writer on another ministry's subgraph", async () => {
    const unitsWriter = await graph().tokenFor('writer', { subgraph: 'units' });
    const own = await graph().ask(
      'mutation { renameUnit(code: "40", provinceCode: "40", name: "Nghệ An mới") { name } }',
      unitsWriter,
    );
    expect(own.body).toEqual({ data: { renameUnit: { name: 'Nghệ An mới' } } });
    const other = await graph().ask(
      'mutation { registerAssociation(input: { name: "x", provinceCode: "40" }) { id } }',
      unitsWriter,
    );
    expect(errorCodesOf(other)).toEqual(['FORBIDDEN']);
  });

  it('refuses a province-restricted writer outside its province, at the gateway and again in the subgraph', async () => {
    const token = await graph().tokenFor('writer', { subgraph: 'units', province: '40' });
    const before = graph().subgraphCalls();
    const elsewhere = await graph().ask(
      'mutation($p: String!) { renameUnit(code: "01", provinceCode: $p, name: "x") { code } }',
      token,
      { p: '01' },
    );
    expect(errorCodesOf(elsewhere)).toEqual(['FORBIDDEN']);
    expect(graph().subgraphCalls()).toBe(before);
    // Claiming its own province for a unit of another one gets past the gateway, which cannot
    // know where unit 01 lies, and is refused by the subgraph that does.
    const lying = await graph().ask(
      'mutation { renameUnit(code: "01", provinceCode: "40", name: "x") { code } }',
      token,
    );
    expect(errorCodesOf(lying)).toEqual(['FORBIDDEN']);
    const inside = await graph().ask(
      'mutation { renameUnit(code: "16681", provinceCode: "40", name: "Vinh") { name } }',
      token,
    );
    expect(inside.body.errors).toBeUndefined();
  });

  it('keeps personal fields from researchers, without echoing personal values', async () => {
    const query = '{ associations { name chairperson { fullName nationalId } } }';
    const before = graph().subgraphCalls();
    const researcher = await graph().ask(query, await graph().tokenFor('researcher'));
    expect(errorCodesOf(researcher)).toEqual(['FORBIDDEN']);
    expect(researcher.body.errors?.[0]?.message).toBe(
      'Person.nationalId requires the scope read:personal:associations.',
    );
    expect(JSON.stringify(researcher.body)).not.toContain('040090001234');
    expect(graph().subgraphCalls()).toBe(before);
    const ministry = await graph().ask(
      query,
      await graph().tokenFor('writer', { subgraph: 'associations' }),
    );
    expect(JSON.stringify(ministry.body)).toContain('040090001234');
  });

  it('refuses expired, tampered and revoked tokens', async () => {
    const expired = await graph().tokenFor('researcher', { expiresIn: '-10s' });
    expect(errorCodesOf(await graph().ask('{ units { code } }', expired))).toEqual([
      'UNAUTHENTICATED',
    ]);

    const [header, payload, signature] = (await graph().tokenFor('researcher')).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    const tampered = await graph().ask('{ units { code } }', `${header}.${forged}.${signature}`);
    expect(errorCodesOf(tampered)).toEqual(['UNAUTHENTICATED']);

    const stranger = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const foreign = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject('x')
      .setExpirationTime('1h')
      .sign(stranger.privateKey);
    expect(errorCodesOf(await graph().ask('{ units { code } }', foreign))).toEqual([
      'UNAUTHENTICATED',
    ]);

    const issued = await researcherToken('to-be-revoked');
    expect(errorCodesOf(await graph().ask('{ units { code } }', issued.token))).toEqual([]);
    const admin = await graph().tokenFor('admin');
    const revoke = await fetch(new URL('/admin/revocations', graph().gateway.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: issued.id, expiresAt: issued.expiresAt.toISOString() }),
    });
    expect(revoke.status).toBe(201);
    const revoked = await graph().ask('{ units { code } }', issued.token);
    expect(errorCodesOf(revoked)).toEqual(['UNAUTHENTICATED']);
    expect(revoked.body.errors?.[0]?.message).toBe('The token has been revoked.');
  });

  it('spreads a revocation to another replica within its refresh interval', async () => {
    const replica = await createSecurity(graph().configFor(), {
      logger,
      database: graph().database,
    });
    try {
      const issued = await researcherToken('replicated');
      await expect(replica.verifier.verify(issued.token)).resolves.toBeDefined();
      const revokedAt = Date.now();
      await graph().security.revocations.revoke(issued.id, issued.expiresAt);
      await expect
        .poll(
          () =>
            replica.verifier.verify(issued.token).then(
              () => 'accepted',
              () => 'refused',
            ),
          {
            timeout: 3_000,
            interval: 50,
          },
        )
        .toBe('refused');
      expect(Date.now() - revokedAt).toBeLessThan(3_000);
    } finally {
      await replica.close();
    }
  });

  it('refuses a direct call to a subgraph without the gateway signature', async () => {
    const query = { query: '{ units { code } }' };
    const unsigned = await send(graph().subgraphs.urls.units!, query);
    expect(unsigned.status).toBe(401);
    expect(errorCodesOf(unsigned)).toEqual(['UNAUTHENTICATED']);
    const forged = await send(graph().subgraphs.urls.units!, query, {
      [forwardedIdentityHeader]: 'e30.e30.x',
    });
    expect(errorCodesOf(forged)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('request policies', () => {
  it('keeps CSRF prevention on', async () => {
    const get = await fetch(
      `${graph().gateway.url}?query=${encodeURIComponent('{ units { code } }')}`,
    );
    expect(get.status).toBe(400);
    const simplePost = await fetch(graph().gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ units { code } }' }),
    });
    expect(simplePost.status).toBe(400);
    const preflighted = await fetch(
      `${graph().gateway.url}?query=${encodeURIComponent('{ units { code } }')}`,
      {
        headers: { 'apollo-require-preflight': 'true' },
      },
    );
    expect(preflighted.status).toBe(200);
  });

  it('applies the introspection policy', async () => {
    const introspection = '{ __schema { queryType { name } } }';
    expect(errorCodesOf(await graph().ask(introspection))).toEqual(['UNAUTHENTICATED']);
    expect(
      errorCodesOf(await graph().ask(introspection, await graph().tokenFor('researcher'))),
    ).toEqual([]);
  });

  it('runs only reviewed documents for clients that require them', async () => {
    const web = { 'apollographql-client-name': 'web' };
    const unreviewed = await send(graph().gateway.url, { query: '{ units { code } }' }, web);
    expect(errorCodesOf(unreviewed)).toEqual(['TRUSTED_DOCUMENT_REQUIRED']);
    const byHash = await send(
      graph().gateway.url,
      {
        extensions: {
          persistedQuery: {
            version: 1,
            sha256Hash: createHash('sha256').update(graph().trustedQuery).digest('hex'),
          },
        },
      },
      web,
    );
    expect(byHash.body.errors).toBeUndefined();
    expect(byHash.body.data?.units).toHaveLength(3);
    // Other clients (scripts, researchers' notebooks) may still send their own queries.
    const other = await send(
      graph().gateway.url,
      { query: '{ units { code } }' },
      { 'apollographql-client-name': 'notebook' },
    );
    expect(other.body.errors).toBeUndefined();
  });
});

describe('audit', () => {
  it('records authenticated reads and writes with personal values redacted, in a verifiable chain', async () => {
    const researcher = await graph().tokenFor('researcher');
    await graph().ask('query Population { unit(code: "40") { name population } }', researcher);
    const writer = await graph().tokenFor('writer', { subgraph: 'associations' });
    await graph().ask(
      'mutation Register($input: RegisterAssociationInput!) { registerAssociation(input: $input) { id } }',
      writer,
      {
        input: {
          name: 'Hội Cựu chiến binh',
          provinceCode: '40',
          chairpersonNationalId: '040090009999',
        },
      },
    );
    await graph().security.audit!.flush();

    const rows = await graph().database.db.select().from(securityTables.auditLog);
    const write = rows.find((row) => row.operationName === 'Register');
    expect(write).toMatchObject({
      role: 'writer',
      operationType: 'mutation',
      outcome: 'ok',
      subgraphs: ['associations'],
    });
    expect(JSON.parse(write!.variables)).toEqual({
      input: { chairpersonNationalId: '[redacted]', name: '[redacted]', provinceCode: '40' },
    });
    const read = rows.find((row) => row.operationName === 'Population');
    expect(read).toMatchObject({ role: 'researcher', subgraphs: ['units'], outcome: 'ok' });
    expect(read?.documentHash).toMatch(/^[0-9a-f]{64}$/);
    // Anonymous public reads are not recorded; refused anonymous writes are.
    expect(rows.every((row) => row.role !== 'anonymous' || row.operationType === 'mutation')).toBe(
      true,
    );

    const usage = await fetch(new URL('/usage', graph().gateway.url), {
      headers: { authorization: `Bearer ${researcher}` },
    });
    const mine = (await usage.json()) as { recent: { operationName: string }[] };
    expect(mine.recent.map((row) => row.operationName)).toContain('Population');
    expect(JSON.stringify(mine)).not.toContain('Register');

    const report = await verifyAuditChain(graph().database.db);
    expect(report).toMatchObject({ ok: true, rows: rows.length });
  });

  it('detects an edited row, and the table refuses edits in the first place', async () => {
    await expect(
      graph().database.db.execute(
        sql`UPDATE gateway.audit_log SET outcome = 'ok' WHERE sequence = 2`,
      ),
    ).rejects.toThrow();
    // Someone who can disable the trigger (a superuser) edits row 2: the chain shows it.
    await graph().database.db.execute(
      sql`ALTER TABLE gateway.audit_log DISABLE TRIGGER audit_log_append_only`,
    );
    await graph().database.db.execute(
      sql`UPDATE gateway.audit_log SET subject = 'someone-else' WHERE sequence = 2`,
    );
    await graph().database.db.execute(
      sql`ALTER TABLE gateway.audit_log ENABLE TRIGGER audit_log_append_only`,
    );
    expect(await verifyAuditChain(graph().database.db)).toMatchObject({ ok: false, brokenAt: 2 });
  });
});
