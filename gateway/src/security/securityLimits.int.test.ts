import { createLogger } from '@home-affairs/service';
import { startedForTests } from '@home-affairs/testing';
import { describe, expect, it } from 'vitest';
import { startAuditedFixtureGraph } from '../testing/startAuditedFixtureGraph.ts';
import { createSecurity } from './createSecurity.ts';
import { startFixtureGateway } from './testing/startFixtureGraph.ts';
import { type Answer, errorCodesOf, send } from './testing/startSecuredFixtureGraph.ts';

const logger = createLogger('security-test', 'silent');
const graph = startedForTests(() => startAuditedFixtureGraph({ logger }));

describe('limits, before any subgraph is called', () => {
  const refusedBeforeSubgraphs = async (query: string, code: string, token?: string) => {
    const before = graph().subgraphCalls();
    const answer = await graph().ask(query, token);
    expect(errorCodesOf(answer)).toEqual([code]);
    expect(graph().subgraphCalls()).toBe(before);
    return answer;
  };

  it('refuses over-deep queries', async () => {
    await refusedBeforeSubgraphs(
      '{ units(first: 1) { children(first: 1) { children(first: 1) { children(first: 1) { children(first: 1) { code } } } } } }',
      'DEPTH_LIMIT_EXCEEDED',
    );
  });

  it('refuses too many root fields', async () => {
    await refusedBeforeSubgraphs(
      '{ unit(code: "40") { code } units { code } associations { id } organisations { id } }',
      'ROOT_FIELD_LIMIT_EXCEEDED',
    );
  });

  it('refuses alias bombs', async () => {
    const aliases = Array.from({ length: 40 }, (_, index) => `a${index}: code`).join(' ');
    await refusedBeforeSubgraphs(`{ units(first: 1) { ${aliases} } }`, 'ALIAS_LIMIT_EXCEEDED');
  });

  it('refuses queries over their role budget, and allows them to a role with more', async () => {
    const query = '{ units(first: 100) { children(first: 100) { code name } } }';
    await refusedBeforeSubgraphs(query, 'COST_LIMIT_EXCEEDED');
    expect(errorCodesOf(await graph().ask(query, await graph().tokenFor('researcher')))).toEqual(
      [],
    );
  });

  it('refuses documents with too many tokens and bodies that are too large', async () => {
    const before = graph().subgraphCalls();
    const fields = Array.from({ length: 600 }, () => 'code').join(' ');
    const tokens = await graph().ask(`{ units { ${fields} } }`);
    expect(tokens.status).toBe(400);
    expect(errorCodesOf(tokens)).toEqual(['TOKEN_LIMIT_EXCEEDED']);
    const large = await send(graph().gateway.url, {
      query: `{ units { code } } # ${'x'.repeat(10_000)}`,
    });
    expect(large.status).toBe(413);
    expect(errorCodesOf(large)).toEqual(['PAYLOAD_TOO_LARGE']);
    expect(graph().subgraphCalls()).toBe(before);
  });
});

describe('limits, before any subgraph is called', () => {
  it('answers 429 with Retry-After past the rate limit', async () => {
    const limited = await createSecurity(
      graph().configFor({ rateLimits: { perTokenPerMinute: 2, perAddressPerMinute: 100 } }),
      { logger },
    );
    const limitedGateway = await startFixtureGateway({
      supergraphSdl: graph().subgraphs.supergraphSdl,
      security: limited,
      logger,
    });
    try {
      const token = await graph().tokenFor('researcher');
      const headers = { authorization: `Bearer ${token}` };
      const query = { query: '{ unit(code: "40") { code } }' };
      expect((await send(limitedGateway.url, query, headers)).status).toBe(200);
      expect((await send(limitedGateway.url, query, headers)).status).toBe(200);
      const refused = await send(limitedGateway.url, query, headers);
      expect(refused.status).toBe(429);
      expect(errorCodesOf(refused)).toEqual(['RATE_LIMITED']);
      expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);
      // Another caller from the same address still gets through: the limit was the token's.
      expect((await send(limitedGateway.url, query)).status).toBe(200);
    } finally {
      await limitedGateway.close();
      await limited.close();
    }
  });
  it('limits /usage and /admin/* per address, with a JSON 429 and Retry-After, apart from GraphQL', async () => {
    const limited = await createSecurity(
      graph().configFor({
        rateLimits: { perTokenPerMinute: 100, perAddressPerMinute: 100, routesPerMinute: 3 },
      }),
      { logger, database: graph().database },
    );
    const limitedGateway = await startFixtureGateway({
      supergraphSdl: graph().subgraphs.supergraphSdl,
      security: limited,
      logger,
    });
    try {
      const researcher = { authorization: `Bearer ${await graph().tokenFor('researcher')}` };
      const admin = { authorization: `Bearer ${await graph().tokenFor('admin')}` };
      const get = (path: string, headers: Record<string, string>) =>
        fetch(new URL(path, limitedGateway.url), { headers });
      for (let index = 0; index < 2; index += 1) {
        expect((await get('/usage', researcher)).status).toBe(200);
      }
      expect((await get('/admin/tokens', admin)).status).toBe(200);
      for (const [path, headers] of [
        ['/usage', researcher],
        ['/admin/tokens', admin],
        ['/admin/audit/verify', admin],
        ['/usage', {}],
      ] as const) {
        const refused = await get(path, headers);
        expect(refused.status).toBe(429);
        expect(refused.headers.get('content-type')).toMatch(/^application\/json/);
        const retryAfter = Number(refused.headers.get('retry-after'));
        expect(retryAfter).toBeGreaterThanOrEqual(1);
        expect(retryAfter).toBeLessThanOrEqual(60);
        const body = (await refused.json()) as Answer['body'];
        expect(body.errors?.map((error) => error.extensions?.code)).toEqual(['RATE_LIMITED']);
      }
      // GraphQL keeps its own counters.
      const query = await send(limitedGateway.url, { query: '{ unit(code: "40") { code } }' });
      expect(query.status).toBe(200);
    } finally {
      await limitedGateway.close();
      await limited.close();
    }
  });
});
